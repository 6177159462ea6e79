#!/bin/sh
# Entrypoint of shoreline-ci/aws, shaped like the official LocalStack image's: run the BOOT-stage hooks
# (executable *.sh in /etc/localstack/init/boot.d), then hand over to LocalStack's own supervisor, which
# starts `python -m localstack.runtime.main` and forwards SIGTERM/SIGINT to it. The START/READY/SHUTDOWN
# hooks (start.d, ready.d, shutdown.d; *.sh and *.py) are run by the LocalStack runtime itself.
set -e

# The S3 provider resolves s3.<LOCALSTACK_HOST> once when it loads. Offline, Docker's embedded DNS takes
# ~10 s to give up on that public name, so answer it locally (it names this container anyway).
host=${LOCALSTACK_HOST:-localhost.localstack.cloud}
host=${host%:*}
case "$host" in
  *[!0-9.]*)
    if [ -w /etc/hosts ] && ! grep -q " s3\.$host\$" /etc/hosts; then
      printf '127.0.0.1 %s s3.%s s3-website.%s\n' "$host" "$host" "$host" >> /etc/hosts
    fi ;;
esac

for f in /etc/localstack/init/boot.d/*.sh; do
  [ -x "$f" ] || continue
  echo "running boot hook $f"
  "$f"
done
exec localstack-supervisor "$@"
