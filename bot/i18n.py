"""Interface strings in Chinese and English: the bot's, chosen by the user's Telegram language, and the
headings the command line shares with it, in the answer's language."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

# Plain text only: bot/html.py escapes every string exactly once when HTML is built.
STRINGS: dict[str, dict[Lang, str]] = {
    "searching": {"zh": "正在查找…", "en": "Searching…"},
    # What a placeholder becomes when the answer had to go out as a new message and it could not be deleted.
    "cut_short": {
        "zh": "（内容过长，后面的部分没有显示；全文请看来源文章。）",
        "en": "(Too long to show in full; the rest is in the source article.)",
    },
    "answer_below": {"zh": "（回答见下一条消息）", "en": "(The answer is in the next message.)"},
    "welcome": {
        "zh": "你好！我根据《重庆日报》的报道回答关于重庆发展项目的问题，每个回答都附带编号的原文出处。",
        "en": "Hello! I answer questions about Chongqing development projects from Chongqing "
        "Daily articles, and every answer quotes its numbered sources.",
    },
    "try_asking": {"zh": "试着问我：", "en": "Try asking:"},
    "help_intro": {
        "zh": "私聊时直接发送问题即可。在群里请 @我、回复我的消息，或使用 /ask。",
        "en": "In a private chat just send a question. In groups, mention me, reply to one "
        "of my messages, or use /ask.",
    },
    "cmd_start": {"zh": "欢迎与示例问题", "en": "Welcome and example questions"},
    "cmd_help": {"zh": "使用说明", "en": "How to use this bot"},
    "cmd_ask": {"zh": "提问：/ask 问题", "en": "Ask: /ask question"},
    "cmd_brief": {"zh": "主题简报：/brief 主题", "en": "Briefing: /brief topic"},
    "cmd_timeline": {"zh": "时间线：/timeline 项目或地方", "en": "Timeline: /timeline project or place"},
    "cmd_sources": {"zh": "已收录的文章", "en": "Articles in the index"},
    "cmd_subscribe": {
        "zh": "每日简报：/subscribe 主题 HH:MM",
        "en": "Daily briefing: /subscribe topic HH:MM",
    },
    "cmd_subscriptions": {"zh": "本聊天的订阅", "en": "This chat's subscriptions"},
    "cmd_unsubscribe": {
        "zh": "取消订阅：/unsubscribe [主题]",
        "en": "Unsubscribe: /unsubscribe [topic]",
    },
    "cmd_reindex": {"zh": "重建索引（管理员）", "en": "Rebuild the index (admins)"},
    "sources": {"zh": "来源", "en": "Sources"},
    "related": {"zh": "相关段落", "en": "Related passages"},
    "not_found": {
        "zh": "已收录的文章中没有找到这个问题的确切答案。",
        "en": "The articles in the index do not answer this question.",
    },
    "passage_button": {"zh": "原文 [{n}]", "en": "Passage [{n}]"},
    "passage_gone": {
        "zh": "找不到这段原文了，索引可能已更新。",
        "en": "That passage is no longer in the index; it may have been rebuilt.",
    },
    "thanks_feedback": {"zh": "谢谢反馈！", "en": "Thanks for the feedback!"},
    "usage_ask": {"zh": "用法：/ask 问题", "en": "Usage: /ask question"},
    "usage_brief": {"zh": "用法：/brief 主题", "en": "Usage: /brief topic"},
    "usage_timeline": {"zh": "用法：/timeline 项目或地方", "en": "Usage: /timeline project or place"},
    "usage_subscribe": {
        "zh": "用法：/subscribe 主题 HH:MM（北京时间），例如 /subscribe 对口协同 08:30",
        "en": "Usage: /subscribe topic HH:MM (Beijing time), e.g. /subscribe 对口协同 08:30",
    },
    "subscribed": {
        "zh": "已订阅：每天 {time}（北京时间）发送「{topic}」简报。",
        "en": "Subscribed: a briefing on “{topic}” every day at {time} (Beijing time).",
    },
    "too_many_subscriptions": {
        "zh": "本聊天的订阅已达上限（{limit} 个）。",
        "en": "This chat already has the maximum of {limit} subscriptions.",
    },
    "no_subscriptions": {"zh": "本聊天没有订阅。", "en": "This chat has no subscriptions."},
    "subscriptions_title": {"zh": "本聊天的订阅：", "en": "Subscriptions in this chat:"},
    "unsubscribed": {"zh": "已取消 {count} 个订阅。", "en": "Removed {count} subscription(s)."},
    "admins_only": {
        "zh": "只有群管理员可以管理订阅。",
        "en": "Only group admins can manage subscriptions.",
    },
    "reindex_admins_only": {
        "zh": "只有机器人管理员可以重建索引。",
        "en": "Only the bot's admins can rebuild the index.",
    },
    "reindex_started": {"zh": "正在重建索引…", "en": "Rebuilding the index…"},
    "reindex_done": {
        "zh": "索引已更新：{files} 个文件，新增 {added} 段，删除 {removed} 段，未变 {unchanged} 段。",
        "en": "Index updated: {files} files, {added} passages added, {removed} removed, {unchanged} unchanged.",
    },
    "sources_title": {"zh": "已收录 {count} 个版面：", "en": "{count} pages in the index:"},
    "no_sources": {"zh": "索引是空的。", "en": "The index is empty."},
    "passages_count": {"zh": "{count} 段", "en": "{count} passages"},
    "brief_title": {"zh": "简报：{topic}", "en": "Briefing: {topic}"},
    "timeline_title": {"zh": "时间线：{topic}", "en": "Timeline: {topic}"},
    "timeline_order": {"zh": "按报道日期，从早到晚", "en": "by article date, oldest first"},
    # Under an English briefing or timeline: its quotes stay as the articles have them.
    "quotes_in_chinese": {"zh": "引文为中文原文", "en": "quotes in the original Chinese"},
    "brief_first": {"zh": "这是本主题的第一份简报。", "en": "This is the first briefing on this topic."},
    "brief_new": {
        "zh": "自上次简报以来的新文章：",
        "en": "New articles since the last briefing:",
    },
    "brief_no_new": {
        "zh": "自上次简报以来没有新文章。",
        "en": "No new articles since the last briefing.",
    },
    "not_text": {
        "zh": "我只能读文字问题，请用文字提问，例如：{example}",
        "en": "I can only read text questions. Try, for example: {example}",
    },
    "empty_question": {
        "zh": "请发送一个问题，例如：{example}",
        "en": "Please send a question, for example: {example}",
    },
    "too_long": {
        "zh": "问题太长了（最多 {limit} 字），请说得简短一些。",
        "en": "That question is too long (at most {limit} characters); please shorten it.",
    },
    "unknown_command": {
        "zh": "没有这个命令。发送 /help 查看可用命令。",
        "en": "I don't know that command. Send /help to see what I can do.",
    },
    "rate_limited": {
        "zh": "提问有点频繁了，请 {seconds} 秒后再试。",
        "en": "You're asking a lot at once; please try again in {seconds} seconds.",
    },
    "not_allowed": {
        "zh": "抱歉，这个机器人只对授权的聊天开放。",
        "en": "Sorry, this bot only serves approved chats.",
    },
    "error": {
        "zh": "抱歉，处理时出了问题，请稍后再试。",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "cmd_new": {"zh": "开始新的对话（忘记之前的问题）", "en": "Start over (forget earlier questions)"},
    "cmd_settings": {"zh": "本聊天的语言与回答长度", "en": "This chat's language and answer length"},
    "cmd_stats": {"zh": "使用统计（管理员）", "en": "Usage statistics (admins)"},
    "new_conversation": {
        "zh": "好的，重新开始。之前的问题不再作为上下文。",
        "en": "OK, starting over: earlier questions are forgotten.",
    },
    "understood_as": {"zh": "理解为：{question}", "en": "Answered as: {question}"},
    "apology": {
        "zh": "抱歉，这次没能查到结果（服务暂时不可用）。请点下面的按钮重试。",
        "en": "Sorry, I could not look that up just now (a service is briefly unavailable). Tap below to try again.",
    },
    "retry_button": {"zh": "🔄 重试", "en": "🔄 Try again"},
    "button_expired": {
        "zh": "这个按钮已失效，请重新提问。",
        "en": "This button has expired; please ask again.",
    },
    "settings_title": {
        "zh": "本聊天的设置：界面语言与回答长度。",
        "en": "Settings for this chat: interface language and answer length.",
    },
    "settings_saved": {"zh": "已保存", "en": "Saved"},
    "length_brief": {"zh": "简要", "en": "Brief"},
    "length_detailed": {"zh": "详细", "en": "Detailed"},
    "stats_admins_only": {
        "zh": "只有机器人管理员可以查看统计。",
        "en": "Only the bot's admins can see the statistics.",
    },
    "stats_title": {"zh": "使用统计", "en": "Usage statistics"},
    "stats_day": {"zh": "最近一天", "en": "Last day"},
    "stats_week": {"zh": "最近一周", "en": "Last week"},
    "stats_body": {
        "zh": "提问 {asked}：有答案 {answered}，未找到 {not_found}\n👍 {up} / 👎 {down}（好评率 {ratio}）\n"
        "回答用时：中位数 {median}，p95 {p95}",
        "en": "Questions {asked}: answered {answered}, not found {not_found}\n👍 {up} / 👎 {down} "
        "({ratio} positive)\nAnswer time: median {median}, p95 {p95}",
    },
    "stats_unanswered": {"zh": "最常问而未找到答案的问题：", "en": "Most asked questions the articles could not answer:"},
    "topic_too_long": {
        "zh": "主题太长了（最多 {limit} 字）。",
        "en": "That topic is too long (at most {limit} characters).",
    },
    # Said for the library's kinds (retrieval.models: Refusal, Answer.notice), in the answer's language (bot/quotes.py).
    "refused": {
        "zh": "这些报道中没有找到这个问题的答案。下面是最接近的几段报道，仅供参考。",
        "en": "The articles do not say. The closest passages are listed below for reference only.",
    },
    "refused_period": {
        "zh": "这些报道中没有找到{period}的相关答案。下面是最接近的几段报道，仅供参考。",
        "en": "The articles do not say for {period}. The closest passages are listed below for reference only.",
    },
    "refused_not_covered": {
        "zh": "这些报道中没有关于「{topic}」的内容。下面是最接近的几段报道，仅供参考。",
        "en": "The articles do not cover “{topic}”. The closest passages are listed below for reference only.",
    },
    "refused_no_events": {
        "zh": "这些报道中没有找到「{topic}」的带日期的事件。下面是最接近的几段报道，仅供参考。",
        "en": "The articles hold no dated events about “{topic}”. The closest passages are listed below for reference only.",
    },
    "refused_not_on_day": {
        "zh": "这些报道中没有{period}的相关内容；最近的是{nearest}。下面是这几段报道，仅供参考。",
        "en": "The articles have nothing for {period}; the nearest are {nearest}. They are listed below for reference only.",
    },
    "refused_partial": {"zh": "报道提到{subject}，但没有{asked}[1]。", "en": "The articles name {subject} but give no {asked} [1]."},
    "partial_verb": {"zh": "说它{verb}多少", "en": "figure for it"},
    "partial_amount": {"zh": "给出它的这个数字", "en": "figure for it"},
    "partial_money": {"zh": "给出它的金额", "en": "figure for its investment"},
    "partial_date": {"zh": "说是什么时候", "en": "date for it"},
    "partial_person": {"zh": "说是谁", "en": "name for it"},
    "partial_org": {"zh": "说是哪个单位", "en": "organisation for it"},
    "partial_place": {"zh": "说在哪里", "en": "place for it"},
    "partial_any": {"zh": "给出这个问题的答案", "en": "answer to the question"},
    "notice_fallback": {
        "zh": "大模型暂时无法作答，以下为报道原文摘录。",
        "en": "The language model could not answer just now; showing quotes from the articles instead.",
    },
    "notice_cut": {
        "zh": "大模型的回答不完整，以下只显示已核对的部分。",
        "en": "The language model's reply was cut short; showing only the part that was checked.",
    },
    # A dated answer's heading and the label before each of its lines (bot/quotes.py).
    "heading_changes": {"zh": "按报道日期，从早到晚：", "en": "By article date, oldest first:"},
    "heading_order": {"zh": "更早的是「{first}」：", "en": "“{first}” came first:"},
    "label_latest": {"zh": "截至{day}（最新报道）：", "en": "As of {day} (the latest article): "},
    "label_earlier": {"zh": "较早的报道（{day}）：", "en": "Earlier ({day}): "},
    "label_day": {"zh": "{day}：", "en": "{day}: "},
    "label_placed": {"zh": "{day}（{name}）：", "en": "{day} ({name}): "},
    "label_timeline": {"zh": "{day} {headline}：", "en": "{day} {headline}: "},
    "date_unknown": {"zh": "日期不详", "en": "date unknown"},
    "inline_full_answer": {"zh": "完整回答：{question}", "en": "Full answer: {question}"},
    "inline_answer_button": {"zh": "📝 完整回答", "en": "📝 Full answer"},
    "inline_hint": {"zh": "输入一个问题", "en": "Type a question"},
    "inline_too_long": {"zh": "问题太长了（最多 {limit} 字）", "en": "Too long (at most {limit} characters)"},
}

# Questions the bundled corpus answers; shown by /start and in hints.
EXAMPLE_QUESTIONS: dict[Lang, tuple[str, ...]] = {
    "zh": ("铜梁签约了多少项目?", "渝北和云阳共建的产业园投入了多少资金?", "巴南第三季度签约了多少项目?"),
    "en": (
        "How many projects did Tongliang sign?",
        "渝北和云阳共建的产业园投入了多少资金?",
        "巴南第三季度签约了多少项目?",
    ),
}


def language_of(update: object) -> Lang:
    """Chinese unless the user's Telegram client says another language."""
    user = getattr(update, "effective_user", None)  # a telegram Update (not imported: the CLI words with these too)
    code = (user.language_code or "") if user else ""
    # No language reported: this is a Chinese-language service, so default to Chinese.
    return "zh" if not code or code.lower().startswith("zh") else "en"


def chat_language(update: object, chosen: str | None) -> Lang:
    """The chat's /settings language when one was chosen, else the user's own."""
    if chosen in ("zh", "en"):
        return chosen  # type: ignore[return-value]
    return language_of(update)


def t(lang: Lang, key: str, **values: object) -> str:
    """The interface string `key` in `lang`, with `{name}` placeholders filled."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text
