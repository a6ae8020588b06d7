"""gongkai_desktop: compile, sign, review and aggregate 政务公开事项标准目录 offline."""

__version__ = "0.1.0"
APP_NAME = "gongkai_desktop"
