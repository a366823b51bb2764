// The optional 天地图 layer ([extra.yiyong.maps.tianditu]): over each `.yy-map-live` block it
// draws a pannable, zoomable map from 天地图's own vec_w (roads) and cva_w (Chinese labels)
// tiles, with one numbered marker per entry of the block's place list, and hides the build-time
// picture behind a 「显示示意图」 toggle. Markers are read from the list
// (`li.map-item[data-lat][data-lon]`, WGS-84 degrees, which 天地图's CGCS2000 tiles take as-is),
// so the list stays the accessible content and the one source of truth. Without JavaScript,
// with no key, or when the tiles do not load, the picture stays: nothing is lost. The only
// other host it calls is t0–t7.tianditu.gov.cn, with the site's browser key; nothing is stored.
// Safe to include more than once.
(() => {
  "use strict";
  const TILE = 256;
  const MIN_ZOOM = 3;
  const MAX_ZOOM = 18; // the deepest level 天地图 serves for vec_w
  const STEP = 80; // pixels an arrow key pans
  const NEAR = 34; // markers closer than this (pixels) are drawn as one bubble

  // Written once per page; classes are prefixed so no theme rule reaches them.
  const STYLE = `
.yy-tdt-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;margin:.5em 0}
.yy-tdt-bar button{font:inherit;min-height:44px;padding:0 1em;border:1px solid currentColor;
  border-radius:6px;background:transparent;color:inherit;cursor:pointer}
.yy-tdt-map{position:relative;overflow:hidden;height:min(55vh,460px);min-height:260px;
  background:#e8eef2;border-radius:6px;touch-action:none;user-select:none;cursor:grab;
  -webkit-user-select:none;-webkit-tap-highlight-color:transparent}
.yy-tdt-map:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.yy-tdt-map img{position:absolute;width:256px;height:256px;max-width:none;border:0;
  pointer-events:none}
.yy-tdt-mark{position:absolute;box-sizing:border-box;min-width:30px;height:30px;margin:-15px 0 0 -15px;
  padding:0 5px;border:2px solid #fff;border-radius:15px;background:#b3261e;color:#fff;
  font:bold 14px/26px system-ui,sans-serif;text-align:center;text-decoration:none;
  box-shadow:0 1px 3px rgba(0,0,0,.5)}
.yy-tdt-mark[hidden]{display:none}
.yy-tdt-group{min-width:44px;height:34px;margin:-17px 0 0 -22px;border:3px solid #b3261e;
  border-radius:17px;background:#fff;color:#8c1d18;line-height:28px;cursor:pointer}
.yy-tdt-zoom{position:absolute;right:8px;top:8px;display:flex;flex-direction:column;gap:6px}
.yy-tdt-zoom button{width:44px;height:44px;border:1px solid #555;border-radius:6px;
  background:#fff;color:#111;font:bold 24px/1 system-ui,sans-serif;cursor:pointer}
.yy-tdt-zoom button:disabled{color:#767676;cursor:default}
.yy-tdt-attr{position:absolute;left:0;bottom:0;margin:0;padding:2px 6px;
  background:rgba(255,255,255,.9);color:#111;font-size:12px;line-height:1.5}`;

  // Web Mercator: a WGS-84 point as pixels of the whole world at zoom 0 (0 to 256).
  const world = (lat, lon) => {
    const s = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180);
    return {
      x: (lon + 180) / 360 * TILE,
      y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * TILE,
    };
  };

  const tileUrl = (layer, z, x, y, tk) =>
    `https://t${(x + y) % 8}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile` +
    `&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles` +
    `&TILEMATRIX=${z}&TILEROW=${y}&TILECOL=${x}&tk=${encodeURIComponent(tk)}`;

  const el = (tag, props, ...children) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };

  // The places of a list: those with coordinates and a link to their page.
  const readPlaces = (list) => [...list.querySelectorAll("li.map-item")].map((li) => {
    const link = li.querySelector("a.map-name");
    const no = li.querySelector(".map-no");
    return {
      ...world(+li.dataset.lat, +li.dataset.lon),
      ok: isFinite(parseFloat(li.dataset.lat)) && isFinite(parseFloat(li.dataset.lon)),
      href: link && link.href,
      name: link ? link.textContent.trim() : "",
      no: no ? no.textContent.trim() : "",
    };
  }).filter((p) => p.ok && p.href);

  // The deepest zoom at which every place fits the view with a margin, and its centre.
  const fit = (places, w, h) => {
    const xs = places.map((p) => p.x);
    const ys = places.map((p) => p.y);
    const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
    let z = places.length === 1 ? 15 : MAX_ZOOM;
    const scale = (k) => 2 ** k;
    while (z > MIN_ZOOM &&
      ((box.x1 - box.x0) * scale(z) > w - 80 || (box.y1 - box.y0) * scale(z) > h - 80)) z -= 1;
    return { z, cx: (box.x0 + box.x1) / 2, cy: (box.y0 + box.y1) / 2 };
  };

  const setUp = (block) => {
    const tk = block.dataset.tk;
    const list = document.getElementById(block.dataset.list || "");
    const figure = block.querySelector("figure");
    if (block.dataset.yyLive || !tk || !list || !figure) return;
    const places = readPlaces(list);
    if (!places.length) return;
    block.dataset.yyLive = "1";
    if (!document.getElementById("yy-tdt-style")) {
      document.head.append(el("style", { id: "yy-tdt-style", textContent: STYLE }));
    }

    const toggle = el("button", { type: "button" });
    const status = el("span", { className: "yy-tdt-status" });
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const tiles = el("div");
    const marks = el("div");
    const zoomIn = el("button", { type: "button", textContent: "+", title: "放大" });
    const zoomOut = el("button", { type: "button", textContent: "−", title: "缩小" });
    zoomIn.setAttribute("aria-label", "放大");
    zoomOut.setAttribute("aria-label", "缩小");
    const view = el("div", { className: "yy-tdt-map", tabIndex: 0 }, tiles, marks,
      el("div", { className: "yy-tdt-zoom" }, zoomIn, zoomOut),
      el("p", { className: "yy-tdt-attr", textContent: `© 天地图 审图号：${block.dataset.approval || ""}` }));
    view.setAttribute("role", "region");
    view.setAttribute("aria-label", "天地图（拖动移动，双指或加减号缩放；方向键移动，+ − 键缩放）");
    const live = el("div", { className: "yy-tdt" },
      el("div", { className: "yy-tdt-bar" }, toggle, status), view);
    figure.before(live);

    // Markers are links, but out of the tab order: the list beside the map holds the same
    // links for keyboards and screen readers, and hundreds of tab stops would trap them.
    for (const p of places) {
      p.mark = el("a", { className: "yy-tdt-mark", href: p.href, textContent: p.no, title: p.name, tabIndex: -1 });
      p.mark.setAttribute("aria-hidden", "true");
      marks.append(p.mark);
    }

    let { z, cx, cy } = { z: 0, cx: 0, cy: 0 };
    let shown = null; // tiles on screen, by "layer/z/x/y"
    let loaded = 0;
    let failed = 0;
    let gaveUp = false;

    const size = () => ({ w: view.clientWidth, h: view.clientHeight });
    const draw = () => {
      const { w, h } = size();
      if (!w || !h) return;
      const n = 2 ** z;
      const left = cx * n - w / 2;
      const top = cy * n - h / 2;
      const wanted = new Map();
      for (let ty = Math.max(0, Math.floor(top / TILE)); ty <= Math.min(n - 1, Math.floor((top + h) / TILE)); ty++) {
        for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + w) / TILE); tx++) {
          const wx = ((tx % n) + n) % n; // the world repeats east and west
          for (const layer of ["vec", "cva"]) wanted.set(`${layer}/${z}/${tx}/${ty}`, { layer, tx, ty, wx });
        }
      }
      for (const [key, img] of shown) if (!wanted.has(key)) { img.remove(); shown.delete(key); }
      for (const [key, t] of wanted) {
        let img = shown.get(key);
        if (!img) {
          img = el("img", { alt: "", decoding: "async", draggable: false });
          img.addEventListener("load", () => { loaded += 1; });
          img.addEventListener("error", () => { failed += 1; img.style.visibility = "hidden"; giveUpIfBroken(); });
          img.src = tileUrl(t.layer, z, t.wx, t.ty, tk);
          // Labels above roads, whatever order the tiles arrive in.
          if (t.layer === "cva") tiles.append(img); else tiles.prepend(img);
          shown.set(key, img);
        }
        img.style.left = `${Math.round(t.tx * TILE - left)}px`;
        img.style.top = `${Math.round(t.ty * TILE - top)}px`;
      }
      placeMarks(n, left, top);
      zoomIn.disabled = z >= MAX_ZOOM;
      zoomOut.disabled = z <= MIN_ZOOM;
    };

    // Markers closer than NEAR pixels merge into one bubble with their count (greedy, in list
    // order, looked up through a grid of NEAR-sized cells); a tap on it zooms in on its places.
    const bubbles = [];
    const placeMarks = (n, left, top) => {
      const groups = [];
      const grid = new Map();
      for (const p of places) {
        // The copy of the world nearest the view's centre.
        p.sx = p.x * n - left + Math.round((cx - p.x) / TILE) * TILE * n;
        p.sy = p.y * n - top;
        const gx = Math.floor(p.sx / NEAR);
        const gy = Math.floor(p.sy / NEAR);
        let home = null;
        for (let i = -1; i <= 1 && !home; i++) {
          for (let j = -1; j <= 1 && !home; j++) {
            home = (grid.get(`${gx + i},${gy + j}`) || [])
              .find((g) => Math.hypot(g[0].sx - p.sx, g[0].sy - p.sy) < NEAR) || null;
          }
        }
        if (home) home.push(p);
        else {
          const g = [p];
          groups.push(g);
          const key = `${gx},${gy}`;
          grid.set(key, [...(grid.get(key) || []), g]);
        }
      }
      let used = 0;
      for (const g of groups) {
        for (const p of g) p.mark.hidden = g.length > 1;
        const at = g.length > 1 ? bubble(used++, g) : g[0].mark;
        at.style.left = `${Math.round(g[0].sx)}px`;
        at.style.top = `${Math.round(g[0].sy)}px`;
      }
      for (const b of bubbles.slice(used)) b.hidden = true;
    };
    const bubble = (i, group) => {
      if (!bubbles[i]) {
        const b = el("button", { type: "button", className: "yy-tdt-mark yy-tdt-group", tabIndex: -1 });
        b.setAttribute("aria-hidden", "true");
        b.addEventListener("click", () => {
          const { w, h } = size();
          const f = fit(b.group, w, h);
          z = Math.min(MAX_ZOOM, Math.max(f.z, z + 1));
          ({ cx, cy } = f);
          draw();
        });
        marks.append(b);
        bubbles[i] = b;
      }
      const b = bubbles[i];
      b.group = group;
      b.hidden = false;
      b.textContent = `${group.length}处`;
      b.title = `${group.length} 处：${group.slice(0, 5).map((p) => p.name).join("、")}${group.length > 5 ? "……" : ""}（点击放大）`;
      return b;
    };

    // Zooms by `dz` levels keeping the point (px, py) of the view where it is.
    const zoomBy = (dz, px, py) => {
      const nz = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z + dz));
      if (nz === z) return;
      const { w, h } = size();
      const ax = px === undefined ? w / 2 : px;
      const ay = py === undefined ? h / 2 : py;
      const n = 2 ** z;
      const wx = cx + (ax - w / 2) / n;
      const wy = cy + (ay - h / 2) / n;
      z = nz;
      const m = 2 ** z;
      cx = wx - (ax - w / 2) / m;
      cy = wy - (ay - h / 2) / m;
      draw();
    };
    const panBy = (dx, dy) => {
      const n = 2 ** z;
      cx -= dx / n;
      cy = Math.max(0, Math.min(TILE, cy - dy / n));
      draw();
    };

    // Shows the picture again when the tiles cannot be had (a wrong key, no network, blocked).
    const giveUpIfBroken = () => {
      if (gaveUp || loaded > 0 || failed < 4) return;
      gaveUp = true;
      showLive(false);
      toggle.hidden = true;
      status.textContent = "天地图暂时无法显示，下面是示意图。";
    };

    const showLive = (on) => {
      view.hidden = !on;
      figure.hidden = on;
      toggle.textContent = on ? "显示示意图" : "显示天地图";
      if (on && !shown) {
        shown = new Map();
        ({ z, cx, cy } = fit(places, view.clientWidth || 320, view.clientHeight || 260));
      }
      if (on) draw();
    };
    toggle.addEventListener("click", () => showLive(view.hidden));
    zoomIn.addEventListener("click", () => zoomBy(1));
    zoomOut.addEventListener("click", () => zoomBy(-1));

    // One finger or the mouse pans; two fingers pinch to zoom, one level per step.
    const pointers = new Map();
    let pinch = 0;
    const spread = () => {
      const [a, b] = [...pointers.values()];
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    view.addEventListener("pointerdown", (e) => {
      if (e.target.closest("button, a") || e.button > 0) return;
      view.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2) pinch = spread();
      view.style.cursor = "grabbing";
    });
    view.addEventListener("pointermove", (e) => {
      const last = pointers.get(e.pointerId);
      if (!last) return;
      const now = { x: e.clientX, y: e.clientY };
      pointers.set(e.pointerId, now);
      if (pointers.size === 1) return panBy(now.x - last.x, now.y - last.y);
      if (pointers.size !== 2 || !pinch) return;
      const ratio = spread() / pinch;
      if (ratio < 1.6 && ratio > 0.6) return;
      const r = view.getBoundingClientRect();
      const [a, b] = [...pointers.values()];
      zoomBy(ratio > 1 ? 1 : -1, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
      pinch = spread();
    });
    const lift = (e) => {
      pointers.delete(e.pointerId);
      pinch = 0;
      if (!pointers.size) view.style.cursor = "";
    };
    view.addEventListener("pointerup", lift);
    view.addEventListener("pointercancel", lift);
    view.addEventListener("dblclick", (e) => {
      if (e.target.closest("button, a")) return;
      const r = view.getBoundingClientRect();
      zoomBy(1, e.clientX - r.left, e.clientY - r.top);
    });
    // The wheel zooms only with Ctrl (or a trackpad pinch): a plain wheel keeps scrolling the
    // page, so nobody gets stuck in the map on the way down.
    view.addEventListener("wheel", (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      const r = view.getBoundingClientRect();
      zoomBy(e.deltaY < 0 ? 1 : -1, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    view.addEventListener("keydown", (e) => {
      const keys = {
        ArrowLeft: () => panBy(STEP, 0), ArrowRight: () => panBy(-STEP, 0),
        ArrowUp: () => panBy(0, STEP), ArrowDown: () => panBy(0, -STEP),
        "+": () => zoomBy(1), "=": () => zoomBy(1), "-": () => zoomBy(-1),
      };
      if (e.target !== view || !keys[e.key]) return;
      e.preventDefault();
      keys[e.key]();
    });
    if (window.ResizeObserver) new ResizeObserver(() => { if (shown) draw(); }).observe(view);

    showLive(true);
  };

  const start = () => document.querySelectorAll(".yy-map-live[data-tk]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
