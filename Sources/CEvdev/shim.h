#ifndef SERVICEHALL_CEVDEV_SHIM_H
#define SERVICEHALL_CEVDEV_SHIM_H
#include <libevdev/libevdev.h>
#include <linux/input.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

/* The read flags are an enum whose values Swift imports awkwardly; plain ints keep call sites simple. */
static inline int servicehall_evdev_read_flag_normal(void) { return LIBEVDEV_READ_FLAG_NORMAL; }
static inline int servicehall_evdev_read_flag_sync(void) { return LIBEVDEV_READ_FLAG_SYNC; }

/* pipe2 needs _GNU_SOURCE and fcntl is variadic: one plain function for a non-blocking, close-on-exec pipe. */
static inline int servicehall_pipe_nonblocking(int fds[2]) {
    if (pipe(fds) < 0) return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(fds[i], F_SETFL, O_NONBLOCK) < 0 || fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0) {
            int saved = errno; close(fds[0]); close(fds[1]); errno = saved; return -1;
        }
    }
    return 0;
}
#endif
