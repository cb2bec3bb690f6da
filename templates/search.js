// Starts the search box on the search page. Pagefind finds its index beside
// pagefind-ui.js, wherever the site is published. Reading the site needs no script;
// only searching does. A query in the address (search.html?q=...) is run at once.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
