#include "PrinterMocks.h"
#include <glib.h>
#include <umockdev.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <linux/lp.h>
#include <errno.h>
#include <string.h>

static GMutex lock;
static GByteArray *usb_out, *lp_out, *replies;   /* replies: bytes waiting to be read by the host */
static GQueue pending = G_QUEUE_INIT;
static int port_status = 0x18, unplugged = 0, realtime_enabled = 1;
static unsigned char realtime[4] = {0x16, 0x12, 0x12, 0x12};
static UMockdevTestbed *tb;
static UMockdevIoctlBase *usb_handler, *lp_handler;

/* Scan written bytes for DLE EOT n and queue the printer's answer. Called with lock held. */
static void answer_realtime(const guint8 *d, gsize n) {
    for (gsize i = 0; i + 2 < n; i++) {
        if (d[i] == 0x10 && d[i + 1] == 0x04 && d[i + 2] >= 1 && d[i + 2] <= 4 && realtime_enabled)
            g_byte_array_append(replies, &realtime[d[i + 2] - 1], 1);
    }
}

static void put_utf16_string(guint8 *out, int *len, const char *s) {
    int n = (int)strlen(s);
    out[0] = (guint8)(2 + 2 * n); out[1] = 3;
    for (int i = 0; i < n; i++) { out[2 + 2 * i] = (guint8)s[i]; out[3 + 2 * i] = 0; }
    *len = 2 + 2 * n;
}

static gboolean on_usb_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user) {
    (void)h; (void)user;
    gulong req = umockdev_ioctl_client_get_request(c);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
    switch (req) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
        *(guint32 *)d->data = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_BULK_CONTINUATION |
                              USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_ZERO_PACKET;
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    }
    case USBDEVFS_CLAIMINTERFACE: case USBDEVFS_RELEASEINTERFACE: case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET: case USBDEVFS_RESETEP: case USBDEVFS_SETINTERFACE:
        umockdev_ioctl_client_complete(c, unplugged ? -1 : 0, unplugged ? ENODEV : 0);
        return TRUE;
    case USBDEVFS_SUBMITURB: {
        UMockdevIoctlData *urbd = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urbd->data;
        g_mutex_lock(&lock);
        if (unplugged) {
            g_mutex_unlock(&lock);
            umockdev_ioctl_client_complete(c, -1, ENODEV);
            return TRUE;
        }
        UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(urbd, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                                             urb->buffer_length, NULL);
        urb->status = 0;
        if (urb->type == USBDEVFS_URB_TYPE_BULK && urb->endpoint == 0x02) {
            g_byte_array_append(usb_out, buf->data, urb->buffer_length);
            answer_realtime(buf->data, urb->buffer_length);
            urb->actual_length = urb->buffer_length;
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK && urb->endpoint == 0x81) {
            guint n = MIN((guint)urb->buffer_length, replies->len);
            memcpy(buf->data, replies->data, n);
            g_byte_array_remove_range(replies, 0, n);
            urb->actual_length = (int)n;   /* nothing to say: a zero-length packet */
        } else if (urb->type == USBDEVFS_URB_TYPE_CONTROL && urb->buffer_length >= 8) {
            guint8 *setup = buf->data, *data = buf->data + 8;
            int len = 0;
            guint16 wValue = setup[2] | (setup[3] << 8), wLength = setup[6] | (setup[7] << 8);
            if (setup[0] == 0xA1 && setup[1] == 1) {            /* printer class GET_PORT_STATUS */
                data[0] = (guint8)port_status; len = 1;
            } else if (setup[0] == 0x80 && setup[1] == 6 && (wValue >> 8) == 3) {  /* string descriptor */
                switch (wValue & 0xFF) {
                case 0: data[0] = 4; data[1] = 3; data[2] = 0x09; data[3] = 0x04; len = 4; break;
                case 1: put_utf16_string(data, &len, "Winbond Electronics"); break;
                case 2: put_utf16_string(data, &len, "POS58 Printer"); break;
                case 3: put_utf16_string(data, &len, "SN0001"); break;
                default: len = 0;
                }
            }
            urb->actual_length = MIN(len, (int)wLength);
        } else {
            urb->status = -EPIPE;
            urb->actual_length = 0;
        }
        g_queue_push_tail(&pending, urbd);
        g_mutex_unlock(&lock);
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    }
    case USBDEVFS_REAPURB: case USBDEVFS_REAPURBNDELAY: {
        g_mutex_lock(&lock);
        UMockdevIoctlData *urbd = g_queue_pop_head(&pending);
        g_mutex_unlock(&lock);
        if (!urbd) { umockdev_ioctl_client_complete(c, -1, unplugged ? ENODEV : EAGAIN); return TRUE; }
        UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
        umockdev_ioctl_data_set_ptr(p, 0, urbd);
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    }
    case USBDEVFS_DISCARDURB:
        umockdev_ioctl_client_complete(c, -1, EINVAL);
        return TRUE;
    default:
        return FALSE;
    }
}

static gboolean on_lp_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user) {
    (void)h; (void)user;
    if (umockdev_ioctl_client_get_request(c) != LPGETSTATUS) return FALSE;
    if (unplugged) { umockdev_ioctl_client_complete(c, -1, ENODEV); return TRUE; }
    UMockdevIoctlData *d = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(c), 0, sizeof(int), NULL);
    int st = port_status;
    umockdev_ioctl_data_update(d, 0, (guint8 *)&st, sizeof st);
    umockdev_ioctl_client_complete(c, 0, 0);
    return TRUE;
}

static gboolean on_lp_write(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user) {
    (void)h; (void)user;
    UMockdevIoctlData *d = umockdev_ioctl_client_get_arg(c);
    g_mutex_lock(&lock);
    if (unplugged) { g_mutex_unlock(&lock); umockdev_ioctl_client_complete(c, -1, ENODEV); return TRUE; }
    g_byte_array_append(lp_out, d->data, d->data_len);
    answer_realtime(d->data, d->data_len);
    g_mutex_unlock(&lock);
    umockdev_ioctl_client_complete(c, d->data_len, 0);
    return TRUE;
}

static gboolean on_lp_read(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user) {
    (void)h; (void)user;
    UMockdevIoctlData *d = umockdev_ioctl_client_get_arg(c);
    g_mutex_lock(&lock);
    if (unplugged) { g_mutex_unlock(&lock); umockdev_ioctl_client_complete(c, -1, ENODEV); return TRUE; }
    guint n = MIN((guint)d->data_len, replies->len);
    if (n == 0) { g_mutex_unlock(&lock); umockdev_ioctl_client_complete(c, -1, EAGAIN); return TRUE; }
    umockdev_ioctl_data_update(d, 0, replies->data, (gint)n);
    g_byte_array_remove_range(replies, 0, n);
    g_mutex_unlock(&lock);
    umockdev_ioctl_client_complete(c, n, 0);
    return TRUE;
}

int printermock_start(void) {
    GError *err = NULL;
    usb_out = g_byte_array_new(); lp_out = g_byte_array_new(); replies = g_byte_array_new();
    tb = umockdev_testbed_new();
    usb_handler = umockdev_ioctl_base_new();
    g_signal_connect(usb_handler, "handle-ioctl", G_CALLBACK(on_usb_ioctl), NULL);
    if (!umockdev_testbed_attach_ioctl(tb, "/dev/bus/usb/001/002", usb_handler, NULL)) return -1;
    lp_handler = umockdev_ioctl_base_new();
    g_signal_connect(lp_handler, "handle-ioctl", G_CALLBACK(on_lp_ioctl), NULL);
    g_signal_connect(lp_handler, "handle-read", G_CALLBACK(on_lp_read), NULL);
    g_signal_connect(lp_handler, "handle-write", G_CALLBACK(on_lp_write), NULL);
    if (!umockdev_testbed_attach_ioctl(tb, "/dev/usb/lp0", lp_handler, NULL)) return -2;
    if (!umockdev_testbed_add_from_string(tb,
        "P: /devices/pci0000:00/usb1/1-1\n"
        "N: bus/usb/001/002\n"
        "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\nE: BUSNUM=001\nE: DEVNUM=002\n"
        "E: DEVNAME=/dev/bus/usb/001/002\nE: PRODUCT=416/5011/100\n"
        "A: busnum=1\\n\nA: devnum=2\\n\nA: speed=12\\n\nA: bConfigurationValue=1\\n\n"
        "A: idVendor=0416\\n\nA: idProduct=5011\\n\n"
        "A: manufacturer=Winbond Electronics\\n\nA: product=POS58 Printer\\n\n"
        /* device (0416:5011, strings 1/2/3), config, interface 7/1/2, EP 0x81 bulk IN, EP 0x02 bulk OUT */
        "H: descriptors=120100020000004016041150000101020301"
        "09022000010100c032" "090400000207010200" "07058102400000" "07050202400000\n", &err)) return -3;
    if (!umockdev_testbed_add_from_string(tb,
        "P: /devices/pci0000:00/usb1/1-1/1-1:1.0/usbmisc/lp0\n"
        "N: usb/lp0\n"
        "E: DEVNAME=/dev/usb/lp0\nE: MAJOR=180\nE: MINOR=0\nE: SUBSYSTEM=usbmisc\n"
        "A: dev=180:0\n", &err)) return -4;
    return 0;
}

void printermock_reset(void) {
    g_mutex_lock(&lock);
    g_byte_array_set_size(usb_out, 0); g_byte_array_set_size(lp_out, 0); g_byte_array_set_size(replies, 0);
    port_status = 0x18; unplugged = 0; realtime_enabled = 1;
    realtime[0] = 0x16; realtime[1] = 0x12; realtime[2] = 0x12; realtime[3] = 0x12;
    g_mutex_unlock(&lock);
}

static size_t copy_out(GByteArray *a, unsigned char *buf, size_t cap) {
    g_mutex_lock(&lock);
    size_t n = a->len;
    memcpy(buf, a->data, n < cap ? n : cap);
    g_mutex_unlock(&lock);
    return n;
}
size_t printermock_usb_captured(unsigned char *buf, size_t cap) { return copy_out(usb_out, buf, cap); }
size_t printermock_lp_captured(unsigned char *buf, size_t cap) { return copy_out(lp_out, buf, cap); }
void printermock_set_port_status(int status) { g_mutex_lock(&lock); port_status = status; g_mutex_unlock(&lock); }
void printermock_set_realtime(const unsigned char r[4], int enabled) {
    g_mutex_lock(&lock); memcpy(realtime, r, 4); realtime_enabled = enabled; g_mutex_unlock(&lock);
}
void printermock_queue_stale_byte(unsigned char b) { g_mutex_lock(&lock); g_byte_array_append(replies, &b, 1); g_mutex_unlock(&lock); }
void printermock_set_unplugged(int u) { g_mutex_lock(&lock); unplugged = u; g_mutex_unlock(&lock); }
void printermock_stop(void) { g_clear_object(&usb_handler); g_clear_object(&lp_handler); g_clear_object(&tb); }
