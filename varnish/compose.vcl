vcl 4.1;
# docker-compose's Varnish: the rules of varnish/default.vcl (keep the two in step), in front of
# two shop instances (app1, app2) that share one page cache on Redis, so either can answer.
import directors;

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

# Who may PURGE: this host and the two app containers, at the fixed addresses docker-compose.yml
# gives them (not the whole private range: the network's gateway, where published-port traffic
# can come from, must not purge). Everyone else: 405.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.28.0.11";
    "172.28.0.12";
    "172.28.0.13";
}

sub vcl_init {
    new shops = directors.round_robin();
    shops.add_backend(app1);
    shops.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = shops.backend();
    if (req.method == "PURGE") {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "PURGE not allowed from this address"));
        }
        return (purge);
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
    # The dashboard, the API, cart, checkout, search, the sitemap's files and Next's data routes are never cached here.
    if (req.url ~ "^/(api|admin|cart|checkout|search|sitemaps)(/|$|\?)" || req.url ~ "^/_next/data/") {
        return (pass);
    }
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }
    # Storefront pages (and the feed and sitemap) are static: the same whatever the query string. Kept with
    # it, a link with ?utm_source=... would be a copy of its own, kept a year, that the PURGE of
    # the page's path never reaches.
    if (req.url ~ "^/(\?|$|products/|categories/|feeds/google\.xml|sitemap\.xml)") {
        set req.url = regsub(req.url, "\?.*$", "");
    }
}

# The URL alone: a PURGE with another Host than the shoppers' must still hit the page.
sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

# Next asks for a year (s-maxage=31536000) and every change PURGEs its pages. An hour at most
# bounds what a purge that never landed could cost: a shopper's fetch still in flight when the
# PURGE arrived is stored after it (the app sends a second PURGE for that, see
# lib/revalidation/edge/varnish.ts). Refetching a page hourly costs Next one cached response.
sub vcl_backend_response {
    if (beresp.ttl > 1h) {
        set beresp.ttl = 1h;
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
