# suket serve in a container: Node 20 slim, a non-root user, a health check.
# The office's settings, seal key and templates are mounted at /etc/suket;
# the register is PostgreSQL (SUKET_REGISTER), so any number of these
# containers can run behind one load balancer.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 sharp esbuild
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# glibc's per-thread malloc arenas: two instead of eight a core keep the
# render threads' native memory from creeping up over a long day
# (BENCHMARKS.md: 26 MB off a 10,000-certificate batch's peak).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/templates ./templates
COPY --from=build /app/fonts ./fonts
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js", "serve"]
CMD ["--office", "/etc/suket/kantor.json", "--host", "0.0.0.0", "--port", "8080"]
