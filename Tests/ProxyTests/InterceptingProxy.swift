import CertificateAuthority
import Proxy

extension ProxyHarness {
    /// A proxy with tlspeek's real `TLSInterception`, its CA created in `caDirectory`, trusting `upstreamCA` upstream.
    static func intercepting(caDirectory: String, upstreamCA: String) throws -> (ProxyHarness, CertificateAuthority) {
        let authority = try CertificateAuthority.loadOrCreate(directory: caDirectory).authority
        let interception = try TLSInterception(leafCache: LeafCache(minter: try LeafMinter(authority: authority)),
                                               upstreamAnchors: [upstreamCA], insecure: false,
                                               output: InterceptionOutput(recorder: nil, keyLog: nil),
                                               events: NoProxyEvents())
        let proxy = try ProxyHarness { $0.interceptor = interception }
        return (proxy, authority)
    }
}
