/// The page's stylesheet and its one script, served from /static/ (the
/// Content-Security-Policy allows only these: no inline style or script).
enum Assets {
    struct Asset {
        var type: String
        var text: String
    }

    static func named(_ name: String) -> Asset? {
        switch name {
        case "style.css": Asset(type: "text/css; charset=utf-8", text: style)
        case "search.js": Asset(type: "text/javascript; charset=utf-8", text: searchScript)
        default: nil
        }
    }

    /// Readable on a phone: one column, text that wraps (long log lines
    /// included), tap targets of a comfortable size.
    static let style = """
        :root { color-scheme: light dark; --fg: #1d1f21; --bg: #fff; --muted: #5f6368; --line: #d0d4d9; --no: #b3261e; --yes: #1e7d32; --code: #f3f4f6; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e8eaed; --bg: #16181b; --muted: #9aa0a6; --line: #3c4043; --no: #f28b82; --yes: #81c995; --code: #23262b; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; color: var(--fg); background: var(--bg); }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: inherit; }
        .searchbar { display: flex; flex: 1 1 20rem; gap: .5rem; }
        header nav a { margin-right: .75rem; }
        main { max-width: 52rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
        input, select, textarea, button { font: inherit; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: inherit; min-height: 2.5rem; }
        input[type=search] { flex: 1; min-width: 0; }
        button { cursor: pointer; background: var(--fg); color: var(--bg); border-color: var(--fg); }
        textarea { width: 100%; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9rem; }
        form.match { display: grid; gap: .5rem; margin: 1rem 0; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; }
        form.filters input, form.filters select { flex: 1 1 10rem; }
        pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9rem; background: var(--code); border-radius: 4px; }
        code { padding: 0 .2rem; overflow-wrap: anywhere; }
        pre { padding: .6rem .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        h1 code { font-size: 1.1rem; background: none; }
        .facts, .count, .rate, small { color: var(--muted); }
        .note { border-left: 3px solid var(--line); padding-left: .6rem; color: var(--muted); }
        .hits li, .links li { margin-bottom: .9rem; }
        .snippet { color: var(--muted); }
        mark { background: #fde68a; color: #1d1f21; }
        .dead-ends h2 { color: var(--no); }
        .workarounds h2 { color: var(--yes); }
        .badge.no { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; color: var(--bg); background: var(--no); border-radius: 3px; padding: 0 .3rem; }
        table.versions { border-collapse: collapse; width: 100%; }
        table.versions th, table.versions td { text-align: left; border-bottom: 1px solid var(--line); padding: .25rem .5rem .25rem 0; overflow-wrap: anywhere; }
        ul.domains { columns: 12rem; padding-left: 1.2rem; }
        .pager a { margin-right: 1rem; }
        #results:empty { display: none; }
        #results { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }

        """

    /// Search as you type, where the page has a results box (the home
    /// page); without JavaScript the form submits to /search as usual.
    /// Results are built with textContent: never HTML from the answer.
    static let searchScript = """
        "use strict";
        (function () {
          var input = document.querySelector("input[data-live]");
          var box = input && document.getElementById(input.getAttribute("data-live"));
          if (!box) return;
          var timer = null, asked = 0;
          function show(answer, seq) {
            if (seq !== asked) return;
            box.textContent = "";
            var hits = answer.hits || [];
            var head = document.createElement("p");
            head.className = "count";
            head.textContent = hits.length ? hits.length + " of " + answer.total + " records" : "No record found.";
            box.appendChild(head);
            var list = document.createElement("ol");
            list.className = "hits";
            hits.forEach(function (hit) {
              var item = document.createElement("li");
              var link = document.createElement("a");
              link.href = "/records/" + hit.id.split("/").map(encodeURIComponent).join("/");
              link.textContent = hit.id;
              item.appendChild(link);
              var code = document.createElement("code");
              code.textContent = hit.signature;
              item.appendChild(document.createElement("br"));
              item.appendChild(code);
              list.appendChild(item);
            });
            box.appendChild(list);
          }
          input.addEventListener("input", function () {
            clearTimeout(timer);
            var q = input.value.trim();
            if (q.length < 3) { asked++; box.textContent = ""; return; }
            timer = setTimeout(function () {
              var seq = ++asked;
              fetch("/api/v1/search?limit=8&q=" + encodeURIComponent(q))
                .then(function (r) { return r.ok ? r.json() : { hits: [], total: 0 }; })
                .then(function (answer) { show(answer, seq); })
                .catch(function () {});
            }, 200);
          });
        })();

        """
}
