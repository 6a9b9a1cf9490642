package org.imsemu.scenario;

import java.io.StringReader;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/** Checks that a piece of XML the scenario carries for another node (Sh repository data) parses. */
final class WellFormed {
    private WellFormed() {
    }

    /** Empty when {@code xml} is one well-formed XML document; else the parser's complaint. */
    static Optional<String> check(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            try {
                f.setAttribute("http://apache.org/xml/properties/locale", java.util.Locale.ROOT); // English, as the loader's
            } catch (IllegalArgumentException e) {
                // another parser: messages in the default locale
            }
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() { // the default one prints to stderr
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            builder.parse(new InputSource(new StringReader(xml)));
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of(e.getMessage() + " (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + " of the data)");
        } catch (Exception e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
