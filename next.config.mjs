/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Docker image (Dockerfile) builds with NEXT_OUTPUT=standalone: .next/standalone then holds a
  // server.js with only the node_modules files the server traces to, and the image runs that. Not
  // by default: `npm start` (next start) warns that it does not serve a standalone build.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Native and WASM packages are loaded by Node at run time, never bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@node-rs/argon2",
    "pino",
    "usearch",
    "@huggingface/transformers",
    "onnxruntime-node",
    // pdfkit reads its standard fonts and ICC profile from its own folder; fontkit parses the TTFs.
    "pdfkit",
    "fontkit",
  ],
  experimental: {
    // src/proxy.ts sees every request, uploads included, and Next keeps only this much of a
    // body that passes through it (10 MB by default): the rest of a larger CSV import would be
    // cut off. Above every route's own limit (imports: 50 MB plus the multipart envelope), so
    // each route gets the whole body or enough of it to answer 413.
    proxyClientMaxBodySize: 64 * 1024 * 1024,
  },
};

export default nextConfig;
