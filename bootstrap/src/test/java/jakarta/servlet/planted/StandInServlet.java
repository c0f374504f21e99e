package jakarta.servlet.planted;

/** Test stand-in for a servlet API type; rules match by package. */
public class StandInServlet {}
