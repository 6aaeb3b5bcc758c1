package dev.steward.web;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page of the UI needs: who is looking ({@code me}). */
@ControllerAdvice(basePackages = "dev.steward.web")
final class PageModel {

    @ModelAttribute("me")
    Viewer me() {
        return Viewer.of(SecurityContextHolder.getContext().getAuthentication());
    }
}
