#include <stddef.h>
/* Test-only: a USB printer-class device (0416:5011, bus 1 addr 2, EP 0x81 IN / 0x02 OUT, strings
 * "Winbond"/"POS58 Printer"/"SN0001") and a usblp device file /dev/usb/lp0, emulated in-process with
 * libumockdev's ioctl handlers. Requires LD_PRELOAD=libumockdev-preload.so.0 (umockdev-wrapper).
 * Everything written is captured; DLE EOT n requests are answered from the configured replies. */
int printermock_start(void);
void printermock_stop(void);
/* Clears captures and pending replies; status ok, plugged in, replies enabled with "all fine". */
void printermock_reset(void);
size_t printermock_usb_captured(unsigned char *buf, size_t cap);
size_t printermock_lp_captured(unsigned char *buf, size_t cap);
/* Value LPGETSTATUS returns on /dev/usb/lp0 and GET_PORT_STATUS on USB (0x18 = online, no error). */
void printermock_set_port_status(int status);
/* Replies to DLE EOT 1..4; enabled = 0 makes the printer silent. Stale bytes are queued with `stale`. */
void printermock_set_realtime(const unsigned char replies[4], int enabled);
void printermock_queue_stale_byte(unsigned char byte);
/* 1: the device is gone (writes fail with ENODEV). */
void printermock_set_unplugged(int unplugged);
