package io.jnsq.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void parsesLikeGo() {
        QueryParams q = QueryParams.parse("topic=a+b&topic=c&defer=%31%30&flag&&x=");
        assertThat(q.isValid()).isTrue();
        assertThat(q.get("topic")).isEqualTo("a b");
        assertThat(q.get("defer")).isEqualTo("10");
        assertThat(q.get("flag")).isEmpty();
        assertThat(q.get("x")).isEmpty();
        assertThat(q.get("missing")).isNull();
    }

    @Test
    void semicolonsAndBadEscapesAreErrors() {
        assertThat(QueryParams.parse("topic=a;b").isValid()).isFalse();
        assertThat(QueryParams.parse("topic=%zz").isValid()).isFalse();
        assertThat(QueryParams.parse("topic=%4").isValid()).isFalse();
        QueryParams q = QueryParams.parse("bad=%&topic=t");
        assertThat(q.isValid()).isFalse();
        assertThat(q.get("topic")).isEqualTo("t");
    }

    @Test
    void decodesUtf8() {
        assertThat(QueryParams.parse("t=%C3%A9").get("t")).isEqualTo("\u00e9");
        assertThat(QueryParams.parse("t=\u00c3\u00a9").get("t")).isEqualTo("\u00e9");
    }
}
