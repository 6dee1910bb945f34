"""``python -m bench.smtp_sink PORT``: an SMTP server that accepts every message and keeps none.

django-helpdesk mails the submitter of every new ticket. With its e-mail on, the bench points Django's
SMTP backend here, so each creation pays what sending costs the web process (connect, EHLO, MAIL,
RCPT, DATA, QUIT on loopback) without a mail server's own work on the shared CPU: this sink only
answers. It counts the messages it took and prints the count when stopped.
"""

from __future__ import annotations

import asyncio
import signal
import sys

received = 0


async def _session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    global received
    writer.write(b"220 sink ESMTP\r\n")
    try:
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                writer.write(b"354 end with .\r\n")
                await writer.drain()
                await reader.readuntil(b"\r\n.\r\n")
                received += 1
                writer.write(b"250 ok\r\n")
            elif verb == b"EHLO":
                writer.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 ok\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(_session, "127.0.0.1", port, backlog=256)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    print(f"smtp sink: {received} messages", flush=True)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
