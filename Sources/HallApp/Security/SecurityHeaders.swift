import HTTPTypes

/// The headers that keep what the hall serves from being turned against its users.
///
/// Pages get a strict Content-Security-Policy: scripts, styles, fonts and connections (the live
/// feed's WebSocket included) from the hall itself only, no inline script or style, images from the
/// hall or `data:`, audio from the hall or `blob:` (the call board plays fetched announcements from
/// object URLs), no plugins, no `<base>`, forms post to the hall only, and no page may be framed.
/// Staff photos are served sandboxed: an image opened on its own runs no script, whatever it holds.
enum SecurityHeaders {
    static let pagePolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "media-src 'self' blob:",
        "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let photoPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    /// For every HTML page.
    static let page: HTTPFields = [
        .contentSecurityPolicy: pagePolicy, referrerPolicy: "no-referrer", .xContentTypeOptions: "nosniff", frameOptions: "DENY",
    ]

    /// For a staff photo.
    static let photo: HTTPFields = [
        .contentSecurityPolicy: photoPolicy, referrerPolicy: "no-referrer", .xContentTypeOptions: "nosniff",
    ]
}
