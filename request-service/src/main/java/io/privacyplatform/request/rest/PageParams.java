package io.privacyplatform.request.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** {@code ?page=&size=} of every list: pages from 0, 1 to 200 lines (50 by default). */
public class PageParams {

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    public int page;

    @QueryParam("size")
    @DefaultValue("50")
    @Min(1)
    @Max(200)
    public int size;
}
