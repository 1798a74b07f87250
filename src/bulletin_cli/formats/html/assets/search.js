// The archive's search box: Pagefind's UI, loaded from the site's own pagefind/ folder.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("_search");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).pathname;
  new PagefindUI({
    element: box,
    bundlePath: bundle,
    baseUrl: bundle.replace(/pagefind\/$/, ""), // result links are relative to the site's top
    highlightParam: box.getAttribute("data-highlight"),
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
});
