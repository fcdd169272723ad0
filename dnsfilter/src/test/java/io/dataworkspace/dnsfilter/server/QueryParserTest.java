package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.resolve.Answer;
import io.dataworkspace.dnsfilter.resolve.WireRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryParserTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

    private final QueryParser parser = new QueryParser();

    @Test
    void shouldReadTheQuestionKeepingTheClientsCaseForTheEcho() {
        ParseResult r = parser.parse(query(0x1234, 0x0100, "Hub.Example.TEST", 28, true), CLIENT);
        assertThat(r).isInstanceOfSatisfying(Query.class, q -> {
            assertThat(q.id()).isEqualTo(0x1234);
            assertThat(q.recursionDesired()).isTrue();
            assertThat(q.opcode()).isZero();
            assertThat(q.qname()).isEqualTo("Hub.Example.TEST");
            assertThat(q.name()).isEqualTo("hub.example.test");
            assertThat(q.type()).isEqualTo(28);
            assertThat(q.dnsClass()).isEqualTo(1);
            assertThat(q.ednsPayload()).isEqualTo(4096);
            assertThat(q.client()).isEqualTo(CLIENT);
            assertThat(q.tcp()).isFalse();
        });
        assertThat(parser.parse(query(1, 0, "a.b", 1, false), CLIENT))
                .isInstanceOfSatisfying(Query.class, q -> {
                    assertThat(q.ednsPayload()).isEqualTo(-1);
                    assertThat(q.name()).isSameAs(q.qname());   // already lower case: one string
                });
        assertThat(parser.parse(query(1, 0, "", 2, false), CLIENT))
                .isInstanceOfSatisfying(Query.class, q -> assertThat(q.name()).isEmpty());
    }

    @Test
    void shouldReuseTheStringsOfANameAskedAgainAndKeepEveryCaseApart() {
        Query first = (Query) parser.parse(query(1, 0, "Hub.Example.TEST", 1, false), CLIENT);
        Query again = (Query) parser.parse(query(2, 0, "Hub.Example.TEST", 28, false), CLIENT);
        assertThat(again.qname()).isSameAs(first.qname());
        assertThat(again.name()).isSameAs(first.name()).isEqualTo("hub.example.test");
        assertThat(again.id()).isEqualTo(2);
        assertThat(again.type()).isEqualTo(28);

        // the same name in another case is echoed as that client wrote it
        Query lower = (Query) parser.parse(query(3, 0, "hub.example.test", 1, false), CLIENT);
        assertThat(lower.qname()).isEqualTo("hub.example.test");
        assertThat(lower.name()).isEqualTo("hub.example.test");
        Query upper = (Query) parser.parse(query(4, 0, "HUB.EXAMPLE.TEST", 1, false), CLIENT);
        assertThat(upper.qname()).isEqualTo("HUB.EXAMPLE.TEST");
        assertThat(upper.name()).isEqualTo("hub.example.test");

        // many other names later (the table is bounded and replaces entries): still read right
        for (int i = 0; i < 3 * QueryParser.RECENT_NAMES; i++) {
            Query q = (Query) parser.parse(query(i, 0, "N" + i + ".example.test", 1, false), CLIENT);
            assertThat(q.name()).isEqualTo("n" + i + ".example.test");
        }
        assertThat(((Query) parser.parse(query(5, 0, "Hub.Example.TEST", 1, false), CLIENT)).qname())
                .isEqualTo("Hub.Example.TEST");
    }

    @Test
    void shouldIgnoreResponsesAndRunts() {
        assertThat(parser.parse(query(1, 0x8000, "a.b", 1, false), CLIENT)).isSameAs(ParseResult.Ignored.INSTANCE);
        assertThat(parser.parse(Unpooled.wrappedBuffer(new byte[11]), CLIENT))
                .isSameAs(ParseResult.Ignored.INSTANCE);
    }

    @Test
    void shouldAnswerFormerrForBadNamesAndQuestionCounts() {
        ByteBuf twoQuestions = query(7, 0x0100, "a.b", 1, false);
        twoQuestions.setShort(4, 2);
        assertThat(parser.parse(twoQuestions, CLIENT)).isEqualTo(new MalformedQuery(CLIENT, 7, 0x0100));

        ByteBuf forwardPointer = header(8, 0);
        forwardPointer.writeByte(0xC0).writeByte(20).writeShort(1).writeShort(1);
        assertThat(parser.parse(forwardPointer, CLIENT)).isInstanceOf(MalformedQuery.class);

        ByteBuf dotInLabel = header(9, 0);
        dotInLabel.writeByte(3).writeBytes("a.b".getBytes()).writeByte(0).writeShort(1).writeShort(1);
        assertThat(parser.parse(dotInLabel, CLIENT)).isInstanceOf(MalformedQuery.class);

        ByteBuf cutQuestion = header(10, 0);
        cutQuestion.writeByte(1).writeByte('a').writeByte(0).writeShort(1);
        assertThat(parser.parse(cutQuestion, CLIENT)).isInstanceOf(MalformedQuery.class);

        ByteBuf longName = header(11, 0);
        for (int i = 0; i < 5; i++) {
            longName.writeByte(63).writeZero(63);
        }
        longName.writeByte(0).writeShort(1).writeShort(1);
        assertThat(parser.parse(longName, CLIENT)).isInstanceOf(MalformedQuery.class);
    }

    @Test
    void shouldFollowAPointerBackIntoTheMessageForTheAdditionalRecordsName() {
        ByteBuf q = query(3, 0, "x.example", 1, false);
        q.setShort(10, 1);
        q.writeByte(0xC0).writeByte(12).writeShort(41).writeShort(1232).writeInt(0).writeShort(0);
        assertThat(parser.parse(q, CLIENT))
                .isInstanceOfSatisfying(Query.class, p -> assertThat(p.ednsPayload()).isEqualTo(1232));
    }

    @Test
    void shouldStopAtARecordCutShortAndStillAnswer() {
        ByteBuf q = query(4, 0, "x.example", 1, false);
        q.setShort(10, 2);
        q.writeByte(0).writeShort(41);   // an additional record cut inside its header
        assertThat(parser.parse(q, CLIENT))
                .isInstanceOfSatisfying(Query.class, p -> assertThat(p.ednsPayload()).isEqualTo(-1));
    }

    @Test
    void shouldWriteCachedRecordsWithTheirTtlReducedByTheirAge() {
        Query q = (Query) parser.parse(query(0xBEEF, 0x0100, "Hub.example.test", 1, true), CLIENT);
        Answer a = new Answer(0, List.of(new WireRecord("hub.example.test.", 1, 1, 300, new byte[] {10, 0, 0, 1})),
                List.of(), null, 0, Long.MAX_VALUE);
        ResponseWriter writer = new ResponseWriter(1232);
        ByteBuf fresh = writer.encode(q, new Reply(0, a.encoded(), 0, false), UnpooledByteBufAllocator.DEFAULT);
        ByteBuf aged = writer.encode(q, new Reply(0, a.encoded(), 42, false), UnpooledByteBufAllocator.DEFAULT);
        assertThat(fresh.getUnsignedShort(0)).isEqualTo(0xBEEF);
        assertThat(fresh.getUnsignedShort(6)).as("answers").isEqualTo(1);
        int ttlAt = 12 + 18 + 4 + 18 + 4;   // header, question, answer name, type and class
        assertThat(fresh.getInt(ttlAt)).isEqualTo(300);
        assertThat(aged.getInt(ttlAt)).isEqualTo(258);
        assertThat(fresh.getByte(13)).as("question echoed in the client's case").isEqualTo((byte) 'H');
        // the cached bytes themselves are not changed by an aged write
        ByteBuf again = writer.encode(q, new Reply(0, a.encoded(), 0, false), UnpooledByteBufAllocator.DEFAULT);
        assertThat(again.getInt(ttlAt)).isEqualTo(300);
    }

    @Test
    void shouldTruncateAnswersTooLargeForTheClient() {
        Query q = (Query) parser.parse(query(5, 0, "big.example", 1, false), CLIENT);
        List<WireRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new WireRecord("big.example.", 1, 1, 60, new byte[] {10, 0, 0, (byte) i}));
        }
        Answer a = new Answer(0, many, List.of(), null, 0, Long.MAX_VALUE);
        ByteBuf out = new ResponseWriter(1232).encode(q, new Reply(0, a.encoded(), 0, false),
                UnpooledByteBufAllocator.DEFAULT);
        assertThat(out.readableBytes()).isLessThanOrEqualTo(512);
        assertThat(out.getUnsignedShort(2) & 0x0200).as("TC").isNotZero();
        assertThat(out.getUnsignedShort(6)).isZero();
    }

    private static ByteBuf header(int id, int flags) {
        return Unpooled.buffer().writeShort(id).writeShort(flags).writeShort(1).writeShort(0).writeShort(0)
                .writeShort(0);
    }

    private static ByteBuf query(int id, int flags, String name, int type, boolean edns) {
        ByteBuf b = header(id, flags);
        if (!name.isEmpty()) {
            for (String label : name.split("\\.")) {
                b.writeByte(label.length()).writeBytes(label.getBytes());
            }
        }
        b.writeByte(0).writeShort(type).writeShort(1);
        if (edns) {
            b.setShort(10, 1);
            b.writeByte(0).writeShort(41).writeShort(4096).writeInt(0).writeShort(0);
        }
        return b;
    }
}
