// The optional 天地图 layer: written by issue 18's work.
