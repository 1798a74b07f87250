// The archive's search box: Pagefind's UI, loaded from the site's own pagefind/ folder.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("_search");
  var here = new URL(".", location.href).pathname;
  new PagefindUI({
    element: box,
    bundlePath: new URL(box.getAttribute("data-bundle"), location.href).pathname,
    baseUrl: here,
    highlightParam: box.getAttribute("data-highlight"),
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
});
