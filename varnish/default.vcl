vcl 4.1;
# The edge cache in front of the shop (see README, "Edge cache (Varnish) and CDN purge").
# Next sends `Cache-Control: s-maxage=31536000` for on-demand ISR pages and Varnish honours it, so a
# page stays here until the app refreshes (or PURGEs) it after regenerating it
# (lib/revalidation/edge/varnish.ts).
#
# The backend below is the default (`npm start` on port 3000); scripts/lib/varnish.ts writes a copy
# with another host and port for the e2e suite. Edit it to point at your shop (see README).

backend shop {
    .host = "127.0.0.1";
    .port = "3000";
}

# Who may PURGE or refresh: the app servers. Everyone else gets 405.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # The app's two requests (lib/revalidation/edge/varnish.ts), from the purgers only. A refresh
    # (`X-Edge-Refresh: 1`), after Next regenerated a page: fetch it now and store it in place of
    # the cached copy, so the next shopper gets a hit with the new page, not a miss. A failed fetch
    # leaves the old copy in place, so vcl_deliver says whether a new one was stored; when none
    # was, the app PURGEs.
    if (req.method == "PURGE" || req.http.X-Edge-Refresh) {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "PURGE or refresh not allowed from this address"));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        # A refresh looks the page up first: vcl_hit sends it back here to fetch (restarts 1), a
        # page not held costs no fetch (vcl_miss). The lookup waits for a shopper's fetch of the
        # page already in flight, which may carry the old page: the refresh's copy is stored
        # after that one (docs/edge.md, "A refresh waits for fetches in flight"). X-Edge-Held, set
        # on the way, tells the app whether the copy was replaced in that order.
        if (req.restarts == 0) {
            unset req.http.X-Edge-Held;
        } else {
            set req.hash_always_miss = true;
        }
    }
    # The app takes the shopper's host from X-Forwarded-Host behind a trusted proxy
    # (TRUSTED_PROXY_HOPS, for its CSRF check): it must be ours, never the client's.
    set req.http.X-Forwarded-Host = req.http.host;
    # Resized product pictures (/_next/image?url=...&w=...&q=...) are cached like pages: the URL
    # names the source and the width. Next answers WebP when Accept names it, else the source's
    # own format, with `Vary: Accept`: each browser's own Accept string would be a copy of its
    # own here, so Accept is cut down to what decides the answer (two copies at most).
    if (req.url ~ "^/_next/image\?") {
        if (req.http.Accept ~ "image/webp") {
            set req.http.Accept = "image/webp";
        } else {
            unset req.http.Accept;
        }
    }
    # The dashboard, the API, the shopper's own pages (cart, checkout), search results, the
    # sitemap and the product feed (put together from pieces by the app, which keeps them; a copy
    # here would need a refresh after every change) and Next's data routes
    # are never cached here: only what the app purges by path is (a /_next/data/<build>/x.json
    # copy would miss every purge), and the cart's cookie must reach the app.
    if (req.url ~ "^/(api|admin|cart|checkout|search|sitemap\.xml|sitemaps|feeds)(/|$|\?)" || req.url ~ "^/_next/data/") {
        return (pass);
    }
    # Storefront pages are the same for every shopper: a session cookie must not bypass the cache.
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }
    # Storefront pages are static: the same whatever the query string. Kept with it, a link with
    # ?utm_source=... would be a copy of its own, kept a year, that the refresh or PURGE of the
    # page's path never reaches.
    if (req.url ~ "^/(\?|$|products/|categories/)") {
        set req.url = regsub(req.url, "\?.*$", "");
    }
}

# The hash is the URL alone, not URL + Host: the shop has one site, so a page is one object
# whatever Host a shopper or a purger sends. With Varnish's default hash, a PURGE or refresh
# carrying another Host (an IP, an internal name) answers 200 and reaches nothing shoppers get.
sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

# A refresh found the page held: fetch it again (vcl_recv, restarts 1).
sub vcl_hit {
    if (req.http.X-Edge-Refresh && req.restarts == 0) {
        set req.http.X-Edge-Held = "yes";
        return (restart);
    }
}

# A refresh found nothing held (or a page Varnish does not keep): there is no old copy to replace,
# and the next shopper's miss fetches the page Next has now. Except a page Next last answered
# with what Varnish does not keep (a hit-for-miss): its shoppers' fetches are not queued behind
# one another, so one may be in flight, unordered, and it is fetched all the same; the app
# refreshes it again a moment later.
sub vcl_miss {
    if (req.http.X-Edge-Refresh && req.restarts == 0) {
        if (req.is_hitmiss) {
            set req.http.X-Edge-Held = "unordered";
            return (restart);
        }
        return (synth(200, "Not held"));
    }
}

sub vcl_pass {
    if (req.http.X-Edge-Refresh && req.restarts == 0) {
        return (synth(200, "Not held"));
    }
}

sub vcl_synth {
    if (req.http.X-Edge-Refresh && resp.reason == "Not held") {
        set resp.http.X-Edge-Held = "no";
    }
}

# Next asks for a year (s-maxage=31536000) and every change refreshes its pages. An hour at most
# bounds what a refresh that never landed could cost. Refetching a page hourly costs Next one
# cached response, and the copies a refresh superseded are freed within the hour too. No grace:
# a copy past its hour is not served while a fetch of it runs behind it, so that fetch is a miss
# that every request for the page, a refresh's lookup included, waits for.
# The app's refresh headers are for this edge only, not for the shop.
sub vcl_backend_fetch {
    unset bereq.http.X-Edge-Held;
}

sub vcl_backend_response {
    if (beresp.ttl > 1h) {
        set beresp.ttl = 1h;
    }
    set beresp.grace = 0s;
    # A refresh is answered once the new copy is whole: vcl_deliver's answer must not say "stored"
    # for a fetch that may still fail.
    if (bereq.http.X-Edge-Refresh) {
        set beresp.do_stream = false;
    }
}

sub vcl_deliver {
    # A refresh: was the fresh copy stored (Next answered what Varnish keeps)? The app PURGEs if not.
    # A failed fetch's own 503 is not marked uncacheable, but it is never a page to keep. And was
    # it stored after any fetch in flight (X-Edge-Held: yes), or beside one (unordered)?
    if (req.http.X-Edge-Refresh) {
        if (obj.uncacheable || resp.status >= 500) {
            set resp.http.X-Edge-Stored = "no";
        } else {
            set resp.http.X-Edge-Stored = "yes";
        }
        set resp.http.X-Edge-Held = req.http.X-Edge-Held;
    }
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
