//! Chinese full-text search: issue 24.
//!
//! Empty for now. It will be an extension on top of `yiyong-core` that writes a search index at
//! build time and a small script to query it, with the content readable without the script.
