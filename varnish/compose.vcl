vcl 4.1;
# docker-compose's Varnish: the rules of varnish/default.vcl (keep the two in step), in front of
# two shop instances (app1, app2) that share one page cache on Redis, so either can answer.
import directors;

probe health {
    .url = "/api/health";
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

# Who may PURGE: the app containers (compose's private network) and this host. Everyone else: 405.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.16.0.0"/12;
    "192.168.0.0"/16;
    "10.0.0.0"/8;
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
    # The dashboard, the API and Next's data routes are never cached here.
    if (req.url ~ "^/(api|admin)(/|$|\?)" || req.url ~ "^/_next/data/") {
        return (pass);
    }
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }
}

# The URL alone: a PURGE with another Host than the shoppers' must still hit the page.
sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
