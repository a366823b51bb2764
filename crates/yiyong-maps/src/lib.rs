//! Maps of the association's places (theme parks, corridors, squares, work stations): issue 18.
//!
//! Empty for now. It will be an extension on top of `yiyong-core` (and read places through
//! `yiyong-outreach`'s schema): static map images and place lists built at build time, with no
//! request to another host from the published page.
