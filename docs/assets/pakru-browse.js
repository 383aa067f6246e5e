/* Browse tables: load a table's rows as JSON, then filter (text and per-column facets), sort,
   page, and export the filtered rows as CSV. The filter lives in the address, so a filtered
   view can be shared. Plain JavaScript, no dependencies. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    a = String(a); b = String(b);
    if (a === "" && b !== "") return 1;
    if (b === "" && a !== "") return -1;
    return a.localeCompare(b);
  }

  function csvCell(value) {
    var text = String(value === null || value === undefined ? "" : value);
    if (/^[=+\-@]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function label(column, value) {
    if (column.labels && column.labels[value]) return column.labels[value][0];
    return value === null || value === undefined ? "" : String(value);
  }

  function build(root, data) {
    var columns = data.columns;
    var recordBase = new URL("../../records/" + data.table + "/", window.location.href).href;
    var params = new URLSearchParams(window.location.search);
    var state = {
      q: params.get("filter") || "",
      facets: {},
      sort: params.get("sort") || "",
      page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1)
    };
    columns.forEach(function (c) {
      if (c.kind === "enum" && params.get(c.key)) state.facets[c.key] = params.get(c.key);
    });
    var text = data.rows.map(function (row) {
      return row.map(function (v, i) { return i === 0 ? v : v + " " + label(columns[i - 1], v); })
        .join(" ").toLowerCase();
    });

    root.textContent = "";
    var bar = el("div", { "class": "pakru-filter", role: "search", "aria-label": "Filter the rows" });
    var search = el("input", { type: "search", placeholder: "Filter rows…", "aria-label": "Filter rows by any text" });
    search.value = state.q;
    bar.appendChild(search);
    var facets = el("details", { "class": "pakru-facets" });
    facets.appendChild(el("summary", {}, "Filter by column"));
    facets.open = window.matchMedia("(min-width: 601px)").matches;
    var selects = {};
    columns.forEach(function (c, i) {
      if (c.kind !== "enum") return;
      var counts = {};
      data.rows.forEach(function (row) { var v = row[i + 1]; if (v !== "") counts[v] = (counts[v] || 0) + 1; });
      var codes = Object.keys(counts);
      if (codes.length < 2) return;
      var order = c.labels ? Object.keys(c.labels) : [];
      codes.sort(function (a, b) { return (order.indexOf(a) - order.indexOf(b)) || a.localeCompare(b); });
      var select = el("select", { "aria-label": c.label, "data-facet": c.key });
      select.appendChild(el("option", { value: "" }, c.label + ": all"));
      codes.forEach(function (code) {
        var opt = el("option", { value: code }, label(c, code) + " (" + counts[code] + ")");
        select.appendChild(opt);
      });
      select.value = state.facets[c.key] || "";
      selects[c.key] = select;
      facets.appendChild(select);
    });
    // Sorting without the header row, which the card layout hides on phones.
    var sorter = el("select", { "aria-label": "Sort rows", "class": "pakru-sort" });
    sorter.appendChild(el("option", { value: "" }, "Sort: default order"));
    columns.forEach(function (c) {
      if (c.kind === "url") return;
      sorter.appendChild(el("option", { value: c.key }, "Sort: " + c.label + " ↑"));
      sorter.appendChild(el("option", { value: "-" + c.key }, "Sort: " + c.label + " ↓"));
    });
    sorter.value = state.sort;
    facets.appendChild(sorter);
    bar.appendChild(facets);
    var count = el("span", { "class": "pakru-count", "aria-live": "polite" });
    var download = el("button", { type: "button", "class": "md-button pakru-csv" }, "Download these rows (CSV)");
    var reset = el("button", { type: "button", "class": "pakru-reset" }, "Clear filters");
    bar.appendChild(count);
    bar.appendChild(reset);
    bar.appendChild(download);
    root.appendChild(bar);

    var wrap = el("div", { "class": "pakru-scroll" });
    var table = el("table", { "class": "pakru-table", "data-table": data.table });
    var head = el("tr");
    var ths = columns.map(function (c, i) {
      var th = el("th", { scope: "col", "class": "c-" + c.key, "aria-sort": "none" });
      var button = el("button", { type: "button", title: c.description }, c.label);
      button.addEventListener("click", function () {
        var key = c.key;
        state.sort = state.sort === key ? "-" + key : key;
        state.page = 1;
        update();
      });
      th.appendChild(button);
      head.appendChild(th);
      return th;
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    table.appendChild(body);
    wrap.appendChild(table);
    root.appendChild(wrap);
    var pager = el("nav", { "class": "pakru-pager", "aria-label": "Pages of rows" });
    root.appendChild(pager);

    var shown = [];

    function filtered() {
      var needle = state.q.trim().toLowerCase();
      var out = [];
      data.rows.forEach(function (row, r) {
        if (needle && text[r].indexOf(needle) === -1) return;
        for (var i = 0; i < columns.length; i++) {
          var want = state.facets[columns[i].key];
          if (want && String(row[i + 1]) !== want) return;
        }
        out.push(row);
      });
      if (state.sort) {
        var desc = state.sort.charAt(0) === "-";
        var key = desc ? state.sort.slice(1) : state.sort;
        var index = columns.findIndex(function (c) { return c.key === key; }) + 1;
        if (index > 0) {
          out.sort(function (a, b) {
            var result = compare(a[index], b[index]);
            return desc ? -result : result;
          });
        }
      }
      return out;
    }

    function cell(row, c, i) {
      var td = el("td", { "class": "c-" + c.key, "data-label": c.label });
      var value = row[i + 1];
      if ((c.key === "title" || c.key === "name") && data.records) {
        var a = el("a", { href: recordBase + encodeURIComponent(row[0]) + "/" }, String(value));
        td.appendChild(a);
      } else if (c.kind === "url" && value) {
        td.appendChild(el("a", { href: value, rel: "noopener nofollow" }, "open"));
      } else if (c.kind === "enum" && value !== "") {
        var entry = c.labels && c.labels[value];
        var span = el("span", { "class": "pakru-code", title: entry && entry[1] ? value + ": " + entry[1] : value },
          label(c, value));
        td.appendChild(span);
      } else {
        td.textContent = value === null ? "" : String(value);
      }
      return td;
    }

    function writeUrl() {
      var p = new URLSearchParams();
      if (state.q) p.set("filter", state.q);  // not "q": Material's search reads that one
      Object.keys(state.facets).forEach(function (k) { if (state.facets[k]) p.set(k, state.facets[k]); });
      if (state.sort) p.set("sort", state.sort);
      if (state.page > 1) p.set("page", String(state.page));
      var query = p.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function update() {
      shown = filtered();
      var pages = Math.max(1, Math.ceil(shown.length / data.pageRows));
      if (state.page > pages) state.page = pages;
      var start = (state.page - 1) * data.pageRows;
      var fragment = document.createDocumentFragment();
      shown.slice(start, start + data.pageRows).forEach(function (row) {
        var tr = el("tr", { "data-id": row[0] });
        columns.forEach(function (c, i) { tr.appendChild(cell(row, c, i)); });
        fragment.appendChild(tr);
      });
      body.textContent = "";
      body.appendChild(fragment);
      var key = state.sort.replace(/^-/, "");
      ths.forEach(function (th, i) {
        th.setAttribute("aria-sort", columns[i].key !== key ? "none"
          : state.sort.charAt(0) === "-" ? "descending" : "ascending");
      });
      sorter.value = state.sort;
      count.textContent = shown.length + " of " + data.rows.length + " rows";
      pager.textContent = "";
      if (pages > 1) {
        var prev = el("button", { type: "button" }, "‹ Previous");
        prev.disabled = state.page === 1;
        prev.addEventListener("click", function () { state.page -= 1; update(); root.scrollIntoView(); });
        var next = el("button", { type: "button" }, "Next ›");
        next.disabled = state.page === pages;
        next.addEventListener("click", function () { state.page += 1; update(); root.scrollIntoView(); });
        pager.appendChild(prev);
        pager.appendChild(el("span", { "class": "pakru-page" }, "Page " + state.page + " of " + pages));
        pager.appendChild(next);
      }
      writeUrl();
    }

    search.addEventListener("input", function () { state.q = search.value; state.page = 1; update(); });
    Object.keys(selects).forEach(function (key) {
      selects[key].addEventListener("change", function () {
        state.facets[key] = selects[key].value;
        state.page = 1;
        update();
      });
    });
    sorter.addEventListener("change", function () { state.sort = sorter.value; state.page = 1; update(); });
    reset.addEventListener("click", function () {
      state.q = ""; search.value = ""; state.facets = {}; state.sort = ""; state.page = 1;
      Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
      update();
    });
    download.addEventListener("click", function () {
      var header = [data.id].concat(columns.map(function (c) { return c.key; }));
      if (data.records) header.push("record_url");
      var lines = [header.map(csvCell).join(",")];
      shown.forEach(function (row) {
        var values = row.slice();
        if (data.records) values.push(recordBase + encodeURIComponent(row[0]) + "/");
        lines.push(values.map(csvCell).join(","));
      });
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var link = el("a", { href: URL.createObjectURL(blob), download: data.table + "-filtered.csv" });
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    update();
  }

  function run() {
    document.querySelectorAll(".pakru-browse[data-src]").forEach(function (root) {
      if (root.dataset.enhanced) return;
      root.dataset.enhanced = "1";
      fetch(root.getAttribute("data-src"))
        .then(function (response) { return response.json(); })
        .then(function (data) { build(root, data); })
        .catch(function (error) { root.textContent = "The table could not be loaded: " + error; });
    });
    nameMaterialWidgets();
    // Wide tables scroll sideways on small screens: let keyboard users reach them.
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code").forEach(function (wrap) {
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
  }

  // Material's search dialog has no accessible name, and its version selector's name does not
  // contain the version it shows; the selector appears after load, so watch for it.
  function nameMaterialWidgets() {
    document.querySelectorAll(".md-search [role=dialog], .md-search__inner[role=dialog]").forEach(function (d) {
      if (!d.getAttribute("aria-label")) d.setAttribute("aria-label", "Search");
    });
    var fix = function () {
      var current = document.querySelector(".md-version__current");
      if (!current) return false;
      current.setAttribute("aria-label", current.textContent.trim() + ": select a version");
      return true;
    };
    if (!fix() && document.querySelector(".md-header__topic")) {
      var observer = new MutationObserver(function () { if (fix()) observer.disconnect(); });
      observer.observe(document.querySelector(".md-header"), { childList: true, subtree: true });
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
