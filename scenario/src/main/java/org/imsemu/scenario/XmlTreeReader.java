package org.imsemu.scenario;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Parses a scenario file with SAX, validating it against scenario.xsd on the way (a ValidatorHandler
 * between the parser and our handler), into a tree of {@link XmlElement}s that carry their positions.
 * Schema errors are all collected; a well-formedness error stops the parse.
 */
final class XmlTreeReader {
    private static final String LOCALE_PROPERTY = "http://apache.org/xml/properties/locale";

    record Result(XmlElement root, List<ScenarioError> errors) {
    }

    private final Schema schema;
    private final SchemaMessages messages;

    XmlTreeReader(Schema schema, SchemaMessages messages) {
        this.schema = schema;
        this.messages = messages;
    }

    Result read(String file, byte[] bytes) {
        Handler handler = new Handler(file, new SourceText(bytes));
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // A scenario has no DTD; refusing one also rules out external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            setEnglish(reader);
            ValidatorHandler validator = schema.newValidatorHandler();
            // Messages are matched in English whatever the user's locale.
            validator.setProperty(LOCALE_PROPERTY, Locale.ROOT);
            validator.setContentHandler(new DefaultHandler());
            validator.setErrorHandler(handler);
            // parser -> handler (builds the tree, sees all text) -> validator (reports to handler)
            handler.setParent(reader);
            handler.setContentHandler(validator);
            handler.parse(new InputSource(new ByteArrayInputStream(bytes)));
        } catch (SAXParseException e) {
            // already recorded by fatalError
            if (handler.errors.isEmpty()) {
                handler.add(e.getLineNumber(), e.getColumnNumber(), "malformed XML: " + e.getMessage());
            }
        } catch (SAXException | ParserConfigurationException e) {
            throw new IllegalStateException("XML parser set-up failed", e);
        } catch (IOException e) {
            handler.add(1, 1, "cannot read: " + e.getMessage());
        }
        handler.flushPending();
        // Content errors come at an element's end but point at its text or first child: restore document order.
        List<ScenarioError> sorted = new ArrayList<>(handler.errors);
        sorted.sort(Comparator.comparingInt(ScenarioError::line).thenComparingInt(ScenarioError::column));
        return new Result(handler.root, sorted);
    }

    private static void setEnglish(XMLReader reader) {
        try {
            reader.setProperty(LOCALE_PROPERTY, Locale.ROOT);
        } catch (SAXException e) {
            // another parser implementation: its messages stay in the default locale
        }
    }

    /** What the handler remembers of an open element, to place errors about its content. */
    private static final class Frame {
        final XmlElement element;
        XmlElement firstChild;
        int[] firstText;

        Frame(XmlElement element) {
            this.element = element;
        }
    }

    private final class Handler extends XMLFilterImpl {
        final String file;
        final SourceText source;
        final List<ScenarioError> errors = new ArrayList<>();
        final Deque<Frame> open = new ArrayDeque<>();
        Locator locator;
        XmlElement root;
        int lastMarkupEnd;
        SAXParseException pendingFacet;

        Handler(String file, SourceText source) {
            this.file = file;
            this.source = source;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
            super.setDocumentLocator(locator);
        }

        /** Forwards to the validator first, so that its errors about this element see the parent as the open element. */
        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            super.startElement(uri, localName, qName, attributes);
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                String name = attributes.getLocalName(i).isEmpty() ? attributes.getQName(i) : attributes.getLocalName(i);
                if (attributes.getURI(i).isEmpty()) { // xsi:noNamespaceSchemaLocation and the like are for editors
                    map.put(name, attributes.getValue(i));
                }
            }
            int[] at = source.tagStart(locator.getLineNumber(), locator.getColumnNumber());
            XmlElement element = new XmlElement(localName.isEmpty() ? qName : localName, map, at[0], at[1]);
            Frame parent = open.peek();
            if (parent == null) {
                root = element;
            } else {
                parent.element.add(element);
                if (parent.firstChild == null) {
                    parent.firstChild = element;
                }
            }
            open.push(new Frame(element));
            lastMarkupEnd = source.offset(locator.getLineNumber(), locator.getColumnNumber());
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            super.endElement(uri, localName, qName);
            open.pop();
            lastMarkupEnd = source.offset(locator.getLineNumber(), locator.getColumnNumber());
        }

        /** Recorded before the validator sees it: it does not pass on text where none is allowed. */
        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            Frame top = open.peek();
            if (top != null) {
                top.element.appendText(ch, start, length);
            }
            if (top != null && top.firstText == null) {
                for (int i = start; i < start + length; i++) {
                    if (!Character.isWhitespace(ch[i])) {
                        top.firstText = source.textStart(lastMarkupEnd);
                        break;
                    }
                }
            }
            super.characters(ch, start, length);
        }

        @Override
        public void warning(SAXParseException e) {
            // the schema raises none that matter; the parser's are not errors
        }

        @Override
        public void error(SAXParseException e) {
            String text = e.getMessage() == null ? "" : e.getMessage();
            if (SchemaMessages.isFacetError(text)) {
                flushPending();
                pendingFacet = e; // normally followed by cvc-attribute.3, which names the attribute
                return;
            }
            if (text.startsWith("cvc-")) {
                pendingFacet = null;
            } else {
                flushPending();
            }
            Frame top = open.peek();
            SchemaMessages.Translation t = messages.translate(text, top == null ? null : top.element.name);
            switch (t.where()) {
                case TAG -> {
                    int[] at = source.tagStart(e.getLineNumber(), e.getColumnNumber());
                    add(at[0], at[1], t.message());
                }
                case FIRST_CHILD -> {
                    if (top == null) {
                        add(e.getLineNumber(), e.getColumnNumber(), t.message());
                    } else if (top.firstChild != null) {
                        add(top.firstChild.line, top.firstChild.column, "element <" + top.firstChild.name
                                + "> is not allowed inside <" + top.element.name + ">: <" + top.element.name
                                + "> takes attributes only");
                    } else if (top.firstText != null) {
                        add(top.firstText[0], top.firstText[1], "text is not allowed inside <" + top.element.name
                                + ">: <" + top.element.name + "> takes attributes only");
                    }
                    // else white space only: harmless, though the schema's empty content forbids it
                }
                case FIRST_CHILD_OF_TEXT_ELEMENT -> {
                    XmlElement at = top == null ? null : top.firstChild != null ? top.firstChild : top.element;
                    if (at == null) {
                        add(e.getLineNumber(), e.getColumnNumber(), t.message());
                    } else {
                        add(at.line, at.column, (at == top.element ? "<" + at.name + "> "
                                : "element <" + at.name + "> is not allowed inside <" + top.element.name + ">, which ") + t.message());
                    }
                }
                case FIRST_TEXT -> {
                    int[] at = top != null && top.firstText != null ? top.firstText : new int[] {e.getLineNumber(), e.getColumnNumber()};
                    add(at[0], at[1], t.message());
                }
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            flushPending();
            add(e.getLineNumber(), e.getColumnNumber(), "malformed XML: " + e.getMessage());
            throw e;
        }

        void flushPending() {
            if (pendingFacet != null) {
                SAXParseException e = pendingFacet;
                pendingFacet = null;
                int[] at = source.tagStart(e.getLineNumber(), e.getColumnNumber());
                add(at[0], at[1], messages.translate(e.getMessage(), null).message());
            }
        }

        void add(int line, int column, String message) {
            errors.add(new ScenarioError(file, Math.max(line, 0), Math.max(column, 0), message));
        }
    }
}
