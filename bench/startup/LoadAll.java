import java.io.File;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Loads (and links) every class of the jars on its class path: an application with a large class path and no JMS. */
public class LoadAll {
    public static void main(String[] args) throws Exception {
        int loaded = 0;
        for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!path.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(path)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class") && !name.contains("-") && !name.startsWith("META-INF")) {
                        try {
                            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, LoadAll.class.getClassLoader());
                            loaded++;
                        } catch (Throwable ignored) {
                            // optional dependencies missing: not our concern here
                        }
                    }
                }
            }
        }
        System.out.println("loaded " + loaded + " classes");
    }
}
