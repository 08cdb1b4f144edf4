import ErrataKit

/// Building pages as text. Every text that comes from a record, a query or
/// a paste goes through `escape` (records are untrusted input); links are
/// made from ids with `PathText.encode` and only http(s) URLs are ever an
/// href.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A link to a record's page.
    static func recordLink(_ id: String) -> String {
        "<a href=\"/records/\(escape(PathText.encode(id)))\">\(escape(id))</a>"
    }

    /// A URL as a link when it is http(s); otherwise as text (no `javascript:` href).
    static func externalLink(_ url: String) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return escape(url) }
        return "<a href=\"\(escape(url))\" rel=\"noopener noreferrer nofollow\">\(escape(url))</a>"
    }

    /// A query string from name-value pairs (empty values left out).
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : name + "=" + formEncode($0) } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func formEncode(_ text: String) -> String {
        PathText.encode(text).split(separator: "/", omittingEmptySubsequences: false).joined(separator: "%2F")
    }

    /// A snippet with the search's highlight marks as <mark>.
    static func highlighted(_ snippet: String) -> String {
        escape(Searcher.render(snippet, open: "\u{1}", close: "\u{4}"))
            .split(separator: "\u{1}", omittingEmptySubsequences: false).joined(separator: "<mark>")
            .split(separator: "\u{4}", omittingEmptySubsequences: false).joined(separator: "</mark>")
    }

    /// The page around `main`: the header with the search box on every page.
    static func page(title: String, query: String? = nil, main: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · errata</title>
        <link rel="stylesheet" href="/static/style.css">
        <script src="/static/search.js" defer></script>
        </head>
        <body>
        <header>
        <a class="brand" href="/">errata</a>
        <form class="searchbar" action="/search" method="get" role="search">
        <input type="search" name="q" value="\(escape(query ?? ""))" placeholder="Search errors: words, an error message, nginx 1.24" aria-label="Search" autocomplete="off" data-live="results">
        <button type="submit">Search</button>
        </form>
        <nav><a href="/match">Paste output</a> <a href="/domains">Domains</a> <a href="/api/v1/openapi.json">API</a></nav>
        </header>
        <main>
        \(main)
        </main>
        </body>
        </html>

        """
    }
}
