//! TODO(issue 3): path
