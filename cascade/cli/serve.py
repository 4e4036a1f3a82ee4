"""`cascade serve`: start the local web app over a workspace folder and open the browser."""

from __future__ import annotations

import click

from .base import CascadeCommand

LOOPBACK = "127.0.0.1"


@click.command(cls=CascadeCommand)
@click.option("--dir", "directory", metavar="文件夹", default="方案工作区", show_default=True,
              type=click.Path(file_okay=False), help="工作区文件夹（不存在时自动创建）。")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              help="端口。")
@click.option("--host", default=LOOPBACK, show_default=True, metavar="地址",
              help="监听地址；默认只允许本机访问，改为其他地址会让同一网络中的人也能连上。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve(directory, port, host, no_browser):
    """启动本机网页版（方案库、对照、起草、台账、审计），在浏览器中使用全部功能。"""
    from .. import serve as web

    if host != LOOPBACK:
        click.echo(f"警告：监听地址为 {host}，同一网络中的其他电脑也可能访问本服务；"
                   "访问仍需启动链接中的令牌。", err=True)
    web.run(directory, host=host, port=port, open_browser=not no_browser, announce=click.echo)


COMMANDS = [serve]
