"""WeChat official-account channel; credentials.yml names `channels.wechat.WeChatInput`."""

from channels.wechat.channel import WeChatInput

__all__ = ["WeChatInput"]
