package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * When an object is built again on use: only when it is older than its parent. The switch-over moves children first;
 * a call that meets a child already switched while its parent is not yet must not build a second one (which the
 * switch would then orphan: an extra consumer on the new session).
 */
class ObjectNodeTest {

    /** A provider parent whose {@code child()} creates a child and counts. */
    public static final class Parent {
        int created;

        public Object child() {
            created++;
            return new Object();
        }
    }

    private static ObjectNode child(ObjectNode root) throws Exception {
        return root.adopt(Role.PRODUCER, new Recipe(Parent.class.getMethod("child"), null), new Object());
    }

    @Test
    void aChildSwitchedBeforeItsParentIsNotBuiltAgain() throws Throwable {
        ObjectNode root = new ObjectNode(Role.CONNECTION, null, new Recipe(null, null), new Parent(), 0);
        ObjectNode child = child(root);
        Parent newParent = new Parent();
        Object newChild = new Object();

        child.switchTo(newChild, 1, true); // children first
        assertSame(newChild, child.currentDelegate(), "a call between the two switches uses the switched child");
        root.switchTo(newParent, 1, true);
        assertSame(newChild, child.currentDelegate());
        assertEquals(0, newParent.created, "a second child was built");
    }

    @Test
    void aChildOlderThanItsParentIsBuiltOnUseFromTheParentsNewObject() throws Throwable {
        ObjectNode root = new ObjectNode(Role.CONNECTION, null, new Recipe(null, null), new Parent(), 0);
        ObjectNode child = child(root); // e.g. created on the dead connection while the reconnect ran
        Parent newParent = new Parent();
        root.switchTo(newParent, 1, true);

        Object rebuilt = child.currentDelegate();
        assertSame(rebuilt, child.currentDelegate(), "built once");
        assertEquals(1, newParent.created);
        assertEquals(1, child.generation());
    }
}
