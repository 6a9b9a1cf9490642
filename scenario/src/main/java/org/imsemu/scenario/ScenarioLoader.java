package org.imsemu.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

/**
 * Loads a scenario file: XML parse, validation against scenario.xsd, then the checks of meaning and
 * address allocation. Any problem is a {@link ScenarioException} with {@code FILE:LINE:COLUMN: message}s.
 * Thread-safe; the schema is compiled once.
 */
public final class ScenarioLoader {
    /** Classpath folder of the schema and the built-in scenarios. */
    public static final String RESOURCE_DIR = "/org/imsemu/scenario/";
    public static final String SCHEMA_RESOURCE = RESOURCE_DIR + "scenario.xsd";
    /** The scenario {@code imsemu demo} runs when given none. */
    public static final String DEFAULT_SCENARIO = "two-domains.xml";
    /** Scenario files shipped in the jar (and in the repository's scenarios/ folder). */
    public static final List<String> BUILT_IN = List.of("two-domains.xml", "two-domains-ipv6.xml", "acme-globex.xml", "two-domains-thig.xml");

    private static final class Holder {
        static final Schema SCHEMA;
        static final SchemaMessages MESSAGES;

        static {
            try (InputStream xsd = open(SCHEMA_RESOURCE); InputStream again = open(SCHEMA_RESOURCE)) {
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                SCHEMA = factory.newSchema(new javax.xml.transform.stream.StreamSource(xsd));
                MESSAGES = new SchemaMessages(SchemaVocabulary.read(again));
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private ScenarioLoader() {
    }

    /** Loads a file; error messages name it as given. */
    public static Scenario load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(new ScenarioError(file.toString(), 0, 0, "no such file"));
        } catch (IOException e) {
            throw new ScenarioException(new ScenarioError(file.toString(), 0, 0, "cannot read: " + e));
        }
        return load(file.toString(), bytes);
    }

    /** Loads from a stream (closed here); {@code sourceName} is the FILE of error messages and {@link Scenario#source()}. */
    public static Scenario load(String sourceName, InputStream in) {
        try (in) {
            return load(sourceName, in.readAllBytes());
        } catch (IOException e) {
            throw new ScenarioException(new ScenarioError(sourceName, 0, 0, "cannot read: " + e));
        }
    }

    /** Loads scenario XML already in memory. */
    public static Scenario load(String sourceName, byte[] xml) {
        XmlTreeReader.Result tree = new XmlTreeReader(Holder.SCHEMA, Holder.MESSAGES).read(sourceName, xml);
        if (!tree.errors().isEmpty()) {
            throw new ScenarioException(tree.errors());
        }
        return new ScenarioBuilder(sourceName).build(tree.root());
    }

    /** The default scenario, two-domains.xml, from the jar. */
    public static Scenario loadDefault() {
        return loadBuiltIn(DEFAULT_SCENARIO);
    }

    /** One of {@link #BUILT_IN}, from the jar; its source is the bare file name. */
    public static Scenario loadBuiltIn(String fileName) {
        if (!BUILT_IN.contains(fileName)) {
            throw new IllegalArgumentException("no built-in scenario " + fileName + "; built in: " + BUILT_IN);
        }
        return load(fileName, open(RESOURCE_DIR + fileName));
    }

    /** The XML Schema, for editors and tools ({@code xsi:noNamespaceSchemaLocation}). */
    public static InputStream schema() {
        return open(SCHEMA_RESOURCE);
    }

    private static InputStream open(String resource) {
        InputStream in = ScenarioLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException("resource " + resource + " is missing from the scenario jar"));
        }
        return in;
    }
}
