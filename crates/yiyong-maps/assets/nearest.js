// 「离我最近」: on a tap, asks the browser for the visitor's position and sorts the place list
// nearest first. The position never leaves the browser: nothing is sent or stored. Without
// geolocation (or JavaScript) the block stays hidden and the list keeps its order by kind and
// district. Safe to include more than once.
(() => {
  "use strict";
  const geo = navigator.geolocation;
  if (!geo) return;

  // Great-circle distance in metres between two WGS-84 points in degrees.
  const metres = (lat1, lon1, lat2, lon2) => {
    const r = Math.PI / 180;
    const a = Math.sin((lat2 - lat1) * r / 2) ** 2 +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin((lon2 - lon1) * r / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  };

  const label = (m) => {
    const r = Math.max(10, Math.round(m / 10) * 10);
    if (r < 1000) return `约 ${r} 米`;
    return `约 ${m < 100000 ? (m / 1000).toFixed(1) : Math.round(m / 1000)} 公里`;
  };

  const setUp = (block) => {
    const list = document.getElementById(block.dataset.list);
    const button = block.querySelector(".map-near-btn");
    const status = block.querySelector(".map-near-status");
    if (block.dataset.yyNearest || !list || !button || !status) return;
    block.dataset.yyNearest = "1";
    let busy = false;
    let sorted = false;

    const sort = ({ coords }) => {
      const rows = [...list.querySelectorAll("li.map-item")].map((li, i) => {
        const d = metres(coords.latitude, coords.longitude, +li.dataset.lat, +li.dataset.lon);
        return { li, i, d: isNaN(d) ? Infinity : d };
      });
      rows.sort((a, b) => a.d - b.d || a.i - b.i);
      for (const { li, d } of rows) {
        const out = li.querySelector(".map-dist");
        if (out) out.textContent = isFinite(d) ? label(d) : "";
        list.appendChild(li);
      }
      sorted = true;
      const link = rows.length && rows[0].li.querySelector("a.map-name");
      if (!link) return;
      status.textContent = "已按离您的距离排序，最近的是：" + link.textContent.trim();
      link.focus();
    };

    const fail = (err) => {
      const why = err.code === 1 ? "您没有允许使用位置信息。"
        : err.code === 3 ? "等待超时，请稍后再试。" : "暂时无法确定您的位置。";
      status.textContent = "未能获取位置：" + why + (sorted ? "列表顺序未变。" : "列表仍按地区排列。");
    };

    button.addEventListener("click", () => {
      if (busy) return;
      busy = true;
      status.textContent = "正在获取您的位置……";
      geo.getCurrentPosition(
        (pos) => { busy = false; sort(pos); },
        (err) => { busy = false; fail(err); },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });
    block.hidden = false;
  };

  const start = () => document.querySelectorAll(".map-near[data-list]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
