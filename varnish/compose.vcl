vcl 4.1;
# docker-compose's Varnish: the rules of varnish/default.vcl (keep the two in step), in front of
# two shop instances (app1, app2) that share one page cache on Redis, so either can answer.
import directors;
import std;

probe health {
    .url = "/api/health/live";
    .interval = 5s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "app1";
    .port = "3000";
    .probe = health;
}

backend app2 {
    .host = "app2";
    .port = "3000";
    .probe = health;
}

# The worker, which serves no shopper's page: the app's refreshes fetch the new page from it, so refilling
# the edge after a change (a bulk change's thousand pages) costs the web instances nothing, and the
# back office is served by it (vcl_recv). While it is unhealthy, both go to app1 and app2 like
# every other request.
backend worker {
    .host = "worker";
    .port = "3000";
    .probe = health;
}

# Who may PURGE or refresh: this host and the app and worker containers, at the fixed addresses docker-compose.yml
# gives them (not the whole private range: the network's gateway, where published-port traffic
# can come from, must not purge). Everyone else: 405.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.28.0.11";
    "172.28.0.12";
    "172.28.0.13";
    "172.28.0.14";
}

sub vcl_init {
    new shops = directors.round_robin();
    shops.add_backend(app1);
    shops.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = shops.backend();
    # The back office (the dashboard, its API and data routes, the webhooks, the operator's purge
    # and drain) goes to the worker while it is healthy: its writes then do not share a process, and
    # its event loop, with the shoppers' pages (docs/scaling.md, "The back office on the worker").
    if (req.url ~ "^/(admin|api/(admin|webhooks|revalidate|purge-queue)|_next/data/[^/]+/admin)([/.?]|$)" && std.healthy(worker)) {
        set req.backend_hint = worker;
    }
    # PURGE and refresh (`X-Edge-Refresh: 1`) from the purgers only, as in default.vcl (see there).
    if (req.method == "PURGE" || req.http.X-Edge-Refresh) {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "PURGE or refresh not allowed from this address"));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        # Looked up first; fetched (restarts 1) only when held (default.vcl).
        if (req.restarts == 0) {
            unset req.http.X-Edge-Held;
        } else {
            set req.hash_always_miss = true;
        }
        if (std.healthy(worker)) {
            set req.backend_hint = worker;
        }
    }
    # Ours, never the client's: the app trusts it with TRUSTED_PROXY_HOPS set.
    set req.http.X-Forwarded-Host = req.http.host;
    # Resized pictures: Accept cut down to what decides Next's answer (WebP or not), see default.vcl.
    if (req.url ~ "^/_next/image\?") {
        if (req.http.Accept ~ "image/webp") {
            set req.http.Accept = "image/webp";
        } else {
            unset req.http.Accept;
        }
    }
    # The dashboard, the API, cart, checkout, search, the sitemap, the product feed and Next's data routes are never cached here.
    if (req.url ~ "^/(api|admin|cart|checkout|search|sitemap\.xml|sitemaps|feeds)(/|$|\?)" || req.url ~ "^/_next/data/") {
        return (pass);
    }
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

# The URL alone: a PURGE or refresh with another Host than the shoppers' must still hit the page.
sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

# A refresh: held pages are fetched again, others cost nothing (default.vcl).
sub vcl_hit {
    if (req.http.X-Edge-Refresh && req.restarts == 0) {
        set req.http.X-Edge-Held = "yes";
        return (restart);
    }
}

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

# At most an hour, and no grace, as in default.vcl (see there).
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
    # A refresh: was the fresh copy stored? (default.vcl)
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
