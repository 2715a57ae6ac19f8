-- The scope of an erasure order a legal hold narrowed (issue 13, item 3): purposes erased and kept, the systems left
-- alone, the holds' ids. Codes only, no personal data. Null for an order of everything.
alter table data_subject_request add column erasure_scope text;
