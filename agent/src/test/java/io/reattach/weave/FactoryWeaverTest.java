package io.reattach.weave;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The weaving of a class being retransformed (after an attach): ASM, the body wrapped in place. */
class FactoryWeaverTest extends FactoryWeavingTest {

    @Override
    byte[] weave(byte[] classFile) {
        return FactoryWeaver.weave(classFile);
    }

    @Test
    void theWovenClassDeclaresTheSameFieldsAndMethodsSoThatARetransformationAcceptsIt() throws Exception {
        byte[] original = WovenLoader.bytesOf(SampleFactory.class);
        byte[] woven = weave(original);
        assertNotNull(woven);
        assertEquals(members(original), members(woven));
        assertFalse(FactoryDelegation.isWovenHere(WovenLoader.weave(SampleFactory.class, this::weave)));
    }
}
