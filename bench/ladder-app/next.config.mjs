/**
 * The bench-only Next app of `npm run bench:api -- --ladder` (bench/api-ladder.ts): route
 * handlers that add one layer of the real request path at a time. Never part of the app's
 * build (the app's `next build` only sees src/app); it imports the app's server modules
 * from ../../src, hence `externalDir`.
 */
import root from "../../next.config.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: root.serverExternalPackages,
  experimental: { externalDir: true },
  // The root's `npx tsc --noEmit` type-checks these files; a second check here only costs build time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
