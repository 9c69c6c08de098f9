# The supplychain CLI as a container: what the retraining workflow's `evaluate` and `drift` steps run, and what a
# CI job can run without a .NET SDK. Built, signed (cosign) and pushed by .github/workflows/release.yml.
# Rules (checked by tests/Supplychain.Tests/Image/DockerfileTests.cs): multi-stage, every base pinned by digest,
# no ADD of URLs, a numeric non-root USER, nothing written outside /tmp at run time (read-only root filesystem).
# Digests are the multi-arch manifest lists of the 10.0 tags; update tag and digest together.

FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:e1ffd2a92ae84c1291bc1b6887501f8af98e6331e7af6d4c8d37168c5e87a64c AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Restore first, from the project files only: the package layer is reused until a reference or version changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY components/Supplychain.Components.csproj components/
COPY policies/Supplychain.Policies.csproj policies/
COPY evaluation/Supplychain.Evaluation.csproj evaluation/
COPY stacks/Supplychain.Stacks.csproj stacks/
RUN dotnet restore stacks/Supplychain.Stacks.csproj --runtime linux-x64
COPY components/ components/
COPY policies/ policies/
COPY evaluation/ evaluation/
COPY stacks/ stacks/
RUN dotnet publish stacks/Supplychain.Stacks.csproj --configuration Release --runtime linux-x64 --self-contained false \
      --no-restore --output /out /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/runtime:10.0@sha256:a365ce6a50b09176855d085c69da3fc1204a48432e36087e9a208f6e5860e235 AS runtime
LABEL org.opencontainers.image.title="supplychain-cli" \
      org.opencontainers.image.description="supplychain: synth, policy, audit, evaluate and drift verbs of the ML supply chain" \
      org.opencontainers.image.licenses="MIT"
WORKDIR /app
COPY --from=build --chown=0:0 /out/ ./
# Read-only friendly: no diagnostics IPC files, invariant globalization, and the evaluation cache in TMPDIR (mount an
# emptyDir at /tmp when the root filesystem is read-only). Files the CLI reads and writes are paths given to it.
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    TMPDIR=/tmp
# 1654 is the images' unprivileged "app" user; numeric so Kubernetes runAsNonRoot can verify it.
USER 1654:1654
WORKDIR /work
ENTRYPOINT ["dotnet", "/app/supplychain.dll"]
CMD ["--help"]
