# idgraph in a container, for the engines in deploy/ (Kubernetes Indexed Job, AWS Batch array job).
# Node is pinned by exact tag, the one CI tests on (.ci/node24): every shard of a run on the same
# Node, so the same bytes. Two stages: the build needs the dev dependencies (TypeScript); the
# runtime image gets only the packed files and the production dependencies.

FROM node:24.21.0-slim AS build
WORKDIR /build
COPY package.json package-lock.json tsconfig.json ./
# --ignore-scripts: `prepare` would compile before the sources are here, and the only install
# script in the tree is lz4's optional native build, which the Databricks driver does without.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY bin/ bin/
COPY src/ src/
COPY workers/ workers/
COPY scripts/ scripts/
COPY fixtures/geo/ fixtures/geo/
COPY config.schema.json README.md LICENSE NOTICE CHANGELOG.md ./
# `npm pack` runs prepack (a clean build) and keeps exactly the package's `files`: the image
# ships what the npm package ships, nothing more.
RUN npm pack --pack-destination /tmp \
 && mkdir /package \
 && tar -xzf /tmp/idgraph-*.tgz -C /package --strip-components=1 \
 && cp package-lock.json /package/

FROM node:24.21.0-slim
ENV NODE_ENV=production
WORKDIR /opt/idgraph
COPY --from=build /package/ ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
# Not root: the image's own unprivileged `node` user; its home is writable for ./out and temp files.
USER node
WORKDIR /home/node
ENTRYPOINT ["node", "/opt/idgraph/bin/idgraph.js"]
CMD ["--help"]
