package io.dataworkspace.dnsfilter.server;

import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetSocketAddress;

/**
 * One client question, as the engine needs it.
 *
 * @param id               message id, echoed
 * @param opcode           operation code
 * @param recursionDesired RD flag, echoed
 * @param qname            the name as the client wrote it, with or without trailing dot (echoed in the question
 *                         section)
 * @param name             lower case, without trailing dot: what the rules and the cache see
 * @param type             record type code
 * @param dnsClass         class code
 * @param ednsPayload      the client's EDNS0 UDP payload size, or -1 without EDNS0
 * @param client           the client's address
 * @param tcp              whether it came over TCP
 */
public record Query(int id, int opcode, boolean recursionDesired, String qname, String name, int type, int dnsClass,
                    int ednsPayload, InetSocketAddress client, boolean tcp) implements ParseResult {

    /**
     * Reads what the engine needs from a query decoded by Netty.
     *
     * @param msg    the decoded query
     * @param client the sender
     * @param tcp    whether it came over TCP
     * @return the query, or null when it does not hold exactly one question (FORMERR)
     */
    public static Query of(DnsQuery msg, InetSocketAddress client, boolean tcp) {
        if (msg.count(DnsSection.QUESTION) != 1) {
            return null;
        }
        DnsQuestion q = msg.recordAt(DnsSection.QUESTION, 0);
        int edns = -1;
        int extra = msg.count(DnsSection.ADDITIONAL);
        for (int i = 0; i < extra; i++) {
            DnsRecord r = msg.recordAt(DnsSection.ADDITIONAL, i);
            if (r.type() == DnsRecordType.OPT) {
                edns = r.dnsClass() & 0xFFFF;
                break;
            }
        }
        String qname = q.name();
        return new Query(msg.id(), msg.opCode().byteValue() & 0xFF, msg.isRecursionDesired(), qname, normalize(qname),
                q.type().intValue(), q.dnsClass() & 0xFFFF, edns, client, tcp);
    }

    /**
     * @param qname a name with or without trailing dot, any case
     * @return lower case without trailing dot; allocates only when something changes
     */
    static String normalize(String qname) {
        int end = qname.endsWith(".") ? qname.length() - 1 : qname.length();
        boolean upper = false;
        for (int i = 0; i < end; i++) {
            char c = qname.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
                break;
            }
        }
        if (!upper) {
            return end == qname.length() ? qname : qname.substring(0, end);
        }
        char[] out = new char[end];
        for (int i = 0; i < end; i++) {
            char c = qname.charAt(i);
            out[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return new String(out);
    }
}
