//! Preview: every source record, in scope or not, mapped as it would be sent.
