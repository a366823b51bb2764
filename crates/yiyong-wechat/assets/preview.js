// 「复制到公众号」: puts the article on the clipboard as rich HTML (and plain text), so that
// pasting into the mp.weixin.qq.com editor keeps its inline styles. First-party, no library.
(function () {
  "use strict";
  var button = document.getElementById("copy");
  var status = document.getElementById("status");
  var article = document.getElementById("article");
  if (!button || !article) return;

  function say(ok) {
    status.textContent = ok
      ? "已复制。请打开公众号后台的图文编辑器，在正文处粘贴（Ctrl+V 或 ⌘V）。"
      : "没能自动复制：请用鼠标选中下面的文章，按 Ctrl+C 复制。";
  }

  // Older browsers, or a page opened from disk: copy the selected article.
  function copyBySelection() {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(article);
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    selection.removeAllRanges();
    return ok;
  }

  button.addEventListener("click", function () {
    var html = article.innerHTML;
    var text = article.innerText;
    if (navigator.clipboard && window.ClipboardItem) {
      var item = new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
      navigator.clipboard.write([item]).then(
        function () { say(true); },
        function () { say(copyBySelection()); }
      );
    } else {
      say(copyBySelection());
    }
  });
})();
