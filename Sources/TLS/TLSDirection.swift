/// Which way a TLS record (message or alert) travelled, from tlspeek's point of view.
public enum TLSDirection: String, Sendable, Hashable {
    case sent
    case received
}
