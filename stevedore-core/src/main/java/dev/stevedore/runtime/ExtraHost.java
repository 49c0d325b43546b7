package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An {@code /etc/hosts} line a RUN step sees besides the standard ones: {@code --add-host
 * HOST:IP} (or {@code HOST=IP}), as {@code docker build} takes it.
 */
public record ExtraHost(String host, String ip) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})?");
    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    public ExtraHost {
        if (host == null || !NAME.matcher(host).matches()) {
            throw new InvalidInputException("invalid --add-host: \"" + host + "\" is not a host name");
        }
        if (ip == null || !isIpLiteral(ip)) {
            throw new InvalidInputException("invalid --add-host " + host + ": \"" + ip + "\" is not an IP address"
                    + ("host-gateway".equals(ip) ? " (host-gateway needs a bridge network, which RUN does not have)" : ""));
        }
    }

    /** {@code HOST:IP} or {@code HOST=IP}; an IPv6 address may be in brackets. */
    public static ExtraHost parse(String text) {
        int eq = text.indexOf('=');
        int sep = eq >= 0 ? eq : text.indexOf(':');
        if (sep <= 0 || sep == text.length() - 1) {
            throw new InvalidInputException("invalid --add-host \"" + text + "\": want HOST:IP");
        }
        String ip = text.substring(sep + 1);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        return new ExtraHost(text.substring(0, sep), ip);
    }

    private static boolean isIpLiteral(String ip) {
        if (!IP_CHARS.matcher(ip).matches()) {
            return false; // never a name lookup: only literals get this far
        }
        try {
            InetAddress.getByName(ip);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The line in {@code /etc/hosts}. */
    String line() {
        return ip + "\t" + host + "\n";
    }
}
