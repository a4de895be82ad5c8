//! The client's address: the TCP peer, unless the peer is a configured trusted proxy, in which
//! case the right-most address of `X-Forwarded-For` that is not itself a trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The address that throttling keys on.
pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    Some(from_forwarded_chain(peer, &forwarded, trusted_proxies))
}

/// Walks the `X-Forwarded-For` chain from the right, skipping trusted proxies.
pub fn from_forwarded_chain(peer: IpAddr, chain: &[&str], trusted_proxies: &[IpAddr]) -> IpAddr {
    for hop in chain.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted_proxies.contains(&ip) => continue,
            Ok(ip) => return ip,
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_spoofed_left_most_address_is_ignored_behind_a_trusted_proxy() {
        let proxy = ip("10.0.0.1");
        let got = from_forwarded_chain(proxy, &["6.6.6.6", "203.0.113.7"], &[proxy]);
        assert_eq!(got, ip("203.0.113.7"));
    }

    #[test]
    fn garbage_in_the_chain_falls_back_to_the_peer() {
        let proxy = ip("10.0.0.1");
        assert_eq!(from_forwarded_chain(proxy, &["not-an-ip"], &[proxy]), proxy);
        assert_eq!(from_forwarded_chain(proxy, &[], &[proxy]), proxy);
    }
}
