package io.dealsign.simulator.pipedrive;

/** The HTML page Cloudflare answers instead of Pipedrive's JSON when it blocks a client (reference §7.3). */
final class CloudflarePage {

    static final String HTML = """
            <!DOCTYPE html>
            <html lang="en-US">
            <head><title>Attention Required! | Cloudflare</title><meta charset="UTF-8"></head>
            <body>
            <div id="cf-wrapper">
              <h1>Sorry, you have been blocked</h1>
              <h2>You are unable to access pipedrive.com</h2>
              <p>This website is using a security service to protect itself from online attacks. The action you just
              performed triggered the security solution.</p>
              <p>This error is produced by Cloudflare.</p>
              <p>Cloudflare Ray ID: simulated &bull; Performance &amp; security by Cloudflare</p>
            </div>
            </body>
            </html>
            """;

    private CloudflarePage() {
    }
}
