// 长辈模式: the button switches a class on <html> and remembers the choice in this browser
// only (nothing is sent). The class itself is set by the few lines in each page's <head>,
// before the page is drawn; this file, loaded with `defer`, only handles the button.
(function () {
  var html = document.documentElement, key = "yy-elder";
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest(".elder-toggle");
    if (!toggle) return;
    e.preventDefault();
    var on = !(html.classList.contains("elder") || location.hash === "#elder");
    html.classList.toggle("elder", on);
    try { localStorage.setItem(key, on ? "1" : "0"); } catch (x) {}
    if (location.hash === "#elder") {
      // Only a change of address clears `:target` (replaceState alone leaves it matching).
      location.replace("#");
      history.replaceState(null, "", location.pathname + location.search);
    }
    var other = document.querySelector(on ? ".elder-toggle-off" : ".elder-toggle-on");
    if (other) other.focus();
  });
})();
