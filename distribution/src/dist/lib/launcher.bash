# jnsq's launcher, sourced by every script in bin/: finds a JVM, picks the start-up archive made for it, and
# runs one of jnsq's applications. Everything here is a bash builtin where it can be: a fork costs a millisecond,
# and nsqd should answer /ping within a few hundred.
#
# Environment:
#   JAVA_HOME        the JVM to run. Without it: the newest Java 25 or later under /usr/lib/jvm (its AOT cache
#                    starts the daemons fastest), else the java on the PATH. Java 17 or newer.
#   JNSQ_JAVA_OPTS   JVM options, after jnsq's own (so they win): -Xmx1g, -XX:+UseG1GC, ...
#
# jnsq's own JVM options: the serial collector (-XX:+UseSerialGC), unless JNSQ_JAVA_OPTS names another. Measured
# on 2 cores: nsqd starts faster with it, holds less memory when idle, and moves as many messages per second as
# with G1 (more, in bin/bench); a message broker's garbage dies young, and its young collections take
# milliseconds. Name another collector in JNSQ_JAVA_OPTS for a heap of many gigabytes.
#   JNSQ_CDS=off     start without a class-data archive (to measure, or to rule it out)
#
# Start-up archives live in lib/cds/, one per application and JVM build (<app>-<jvm>.jsa, or .aot on Java 25 and
# later). The build makes them for the JVMs it finds (lib/cds-train). On Java 19 and later a missing one is made
# by the JVM itself when the application exits, in lib/cds/ or, when that is read-only, in ~/.cache/jnsq-<version>.

jnsq_version='@project.version@'

jnsq_die() {
    echo "$jnsq_app: $*" >&2
    exit 1
}

# Reads a JDK's release file: jnsq_major (e.g. 25) and jnsq_jvm (vendor and exact build, fit for a file name).
jnsq_read_release() {
    local key value vendor='' runtime=''
    jnsq_major=0
    jnsq_jvm=''
    [[ -r $1 ]] || return 1
    while IFS='=' read -r key value; do
        value=${value#\"}
        value=${value%\"}
        case $key in
            JAVA_VERSION) jnsq_major=${value%%[.+-]*} ;;
            JAVA_RUNTIME_VERSION) runtime=$value ;;
            IMPLEMENTOR) vendor=$value ;;
        esac
    done <"$1"
    [[ $jnsq_major =~ ^[0-9]+$ ]] || jnsq_major=0
    jnsq_jvm="${vendor}-${runtime}"
    jnsq_jvm=${jnsq_jvm//[^A-Za-z0-9._+-]/_}
}

# Sets jnsq_java, jnsq_major and jnsq_jvm.
jnsq_find_java() {
    local home='' release best=0 java
    if [[ -n ${JAVA_HOME:-} ]]; then
        home=$JAVA_HOME
        [[ -x $home/bin/java ]] || jnsq_die "JAVA_HOME is $home, but $home/bin/java is not there"
    else
        for release in /usr/lib/jvm/*/release; do
            jnsq_read_release "$release" || continue
            if ((jnsq_major >= 25 && jnsq_major > best)) && [[ -x ${release%/release}/bin/java ]]; then
                best=$jnsq_major
                home=${release%/release}
            fi
        done
        if [[ -z $home ]]; then
            java=$(command -v java) || jnsq_die "no java on the PATH: install Java 17 or newer, or set JAVA_HOME"
            java=$(readlink -f "$java")
            home=${java%/bin/java}
        fi
    fi
    jnsq_java=$home/bin/java
    if jnsq_read_release "$home/release" && ((jnsq_major > 0 && jnsq_major < 17)); then
        jnsq_die "jnsq needs Java 17 or newer; $jnsq_java is Java $jnsq_major (set JAVA_HOME to another)"
    fi
}

# The class-data archive options for jnsq_app on this JVM: use the archive, or (JNSQ_CDS=train, as lib/cds-train
# runs it) make it when the application exits.
jnsq_cds_options() {
    jnsq_cds=()
    [[ ${JNSQ_CDS:-} != off && -n $jnsq_jvm && $jnsq_major -ge 17 ]] || return 0
    local dir=$jnsq_home/lib/cds base
    base="$dir/$jnsq_app-$jnsq_jvm"
    if [[ ${JNSQ_CDS:-} == train ]]; then
        if ((jnsq_major >= 25)); then
            # no method profiles: they make the JIT compile early, which on two cores slows the start it should speed
            jnsq_cds=(-XX:AOTCacheOutput="$base.aot" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
        else
            jnsq_cds=(-XX:ArchiveClassesAtExit="$base.jsa")
        fi
        return 0
    fi
    # Mapped where it was made: the JVM's default, elsewhere at every start, costs up to 80 ms of relocating.
    local fixed=(-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
    if ((jnsq_major >= 25)) && [[ -f $base.aot ]]; then
        jnsq_cds=(-XX:AOTCache="$base.aot" "${fixed[@]}" -XX:-AOTReplayTraining -Xlog:aot=off -Xlog:cds=off)
    elif [[ -f $base.jsa ]]; then
        jnsq_cds=(-XX:SharedArchiveFile="$base.jsa" "${fixed[@]}" -Xlog:cds=off -Xlog:cds+dynamic=off)
    elif ((jnsq_major >= 19)); then
        if [[ ! -w $dir ]]; then
            dir=${XDG_CACHE_HOME:-$HOME/.cache}/jnsq-$jnsq_version
            mkdir -p "$dir" 2>/dev/null || return 0
            base="$dir/$jnsq_app-$jnsq_jvm"
        fi
        jnsq_cds=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$base.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
}

# jnsq_command APP MAIN_CLASS [ARGS...]: sets jnsq_cmd to the java command line that runs the application.
jnsq_command() {
    jnsq_app=$1
    local main=$2 cp
    shift 2
    jnsq_find_java
    jnsq_cds_options
    # the file has no final newline: read answers false yet reads the line
    read -r cp <"$jnsq_home/lib/classpath" || [[ -n ${cp:-} ]] ||
        jnsq_die "$jnsq_home/lib/classpath is missing: a broken install?"
    cp="$jnsq_home/${cp//:/:$jnsq_home/}"
    # lib/native: Netty's epoll and BoringSSL libraries, loaded from there rather than copied out of their jars
    local options=(-Djava.library.path="$jnsq_home/lib/native")
    # Java 22 and later warn when a library loads native code, and 24 and later when sun.misc.Unsafe's memory
    # access is used, unless told it may: Netty does both, and is faster with Unsafe.
    ((jnsq_major >= 22)) && options+=(--enable-native-access=ALL-UNNAMED)
    ((jnsq_major >= 24)) && options+=(--sun-misc-unsafe-memory-access=allow)
    [[ ${JNSQ_JAVA_OPTS:-} == *-XX:+Use*GC* ]] || options+=(-XX:+UseSerialGC)
    # JNSQ_JAVA_OPTS holds several options, so it is split on spaces on purpose.
    # shellcheck disable=SC2206
    jnsq_cmd=("$jnsq_java" "${options[@]}" ${jnsq_cds[@]+"${jnsq_cds[@]}"} ${JNSQ_JAVA_OPTS:-} -cp "$cp" "$main" "$@")
}

# jnsq_run APP MAIN_CLASS [ARGS...]: replaces this shell with the application. A lone --version is answered from
# lib/APP.version, which the build has the binary itself write: the same line, without starting a JVM.
jnsq_run() {
    local line
    if (($# == 3)) && [[ $3 == -version || $3 == --version ]] && read -r line <"$jnsq_home/lib/$1.version"; then
        echo "$line"
        exit 0
    fi 2>/dev/null
    jnsq_command "$@"
    # Started with SIGINT ignored (`nsqd &` from a script), a Go binary takes it back with signal.Notify; the JVM
    # cannot, so the signal is set back to its default before the JVM starts, where env can (coreutils 8.31+).
    if jnsq_sigint_ignored && env --default-signal=INT true 2>/dev/null; then
        exec env --default-signal=INT "${jnsq_cmd[@]}"
    fi
    exec "${jnsq_cmd[@]}"
}

# jnsq_sigint_ignored: whether this shell started with SIGINT ignored (bit 2 of SigIgn), read without a fork.
jnsq_sigint_ignored() {
    local line
    while read -r line; do
        if [[ $line == SigIgn:* ]]; then
            ((16#${line##*[[:space:]]} & 2))
            return
        fi
    done </proc/self/status 2>/dev/null
    return 1
}
