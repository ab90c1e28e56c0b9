# Writes the seccomp filter of Brisk's process containers as a BPF program (argv[1]), with libseccomp's Python
# bindings (Debian: python3-seccomp). bubblewrap loads it (--seccomp FD) before the action proxy starts.
#
# Everything not listed is allowed, as in Docker's default profile for a container without added capabilities;
# listed calls fail with EPERM (ENOSYS where a C library should fall back: clone3, io_uring). Calls this
# architecture does not have are skipped; a foreign architecture's calls (i386 on x86_64) are refused whole.
import errno
import sys

import seccomp

DENIED = """
acct add_key bpf clock_adjtime clock_settime create_module delete_module fanotify_init finit_module fsconfig fsmount
fsopen fspick get_kernel_syms init_module ioperm iopl kcmp kexec_file_load kexec_load keyctl lookup_dcookie mbind
migrate_pages mount mount_setattr move_mount move_pages name_to_handle_at nfsservctl open_by_handle_at open_tree
perf_event_open pivot_root process_vm_readv process_vm_writev ptrace query_module quotactl quotactl_fd reboot
request_key set_mempolicy setdomainname sethostname setns settimeofday stime swapoff swapon syslog umount umount2
unshare uselib userfaultfd ustat vhangup vm86 vm86old _sysctl sysfs
""".split()
FALL_BACK = ["clone3", "io_uring_setup", "io_uring_enter", "io_uring_register"]
# clone() flags that make a new namespace: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
NEW_NAMESPACE = [0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000]


def main(path):
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    f.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    added = 0
    for name in DENIED:
        try:
            f.add_rule(seccomp.ERRNO(errno.EPERM), name)
            added += 1
        except (RuntimeError, ValueError):
            pass  # not a call of this architecture
    for name in FALL_BACK:
        try:
            f.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
            added += 1
        except (RuntimeError, ValueError):
            pass
    for flag in NEW_NAMESPACE:
        f.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    with open(path, "wb") as out:
        f.export_bpf(out)
    print(added)


if __name__ == "__main__":
    main(sys.argv[1])
