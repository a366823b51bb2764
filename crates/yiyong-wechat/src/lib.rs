//! WeChat official account export and draft sync: issue 19.
//!
//! Empty for now. It will be an extension on top of `yiyong-core` that writes each news item as
//! WeChat article HTML (inline styles, uploaded images) and a client for the draft API, tested
//! against a fake server on loopback.
